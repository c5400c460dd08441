# Sourced by ./skiff and ./run-tests: finds a JDK >= 21 and exports JAVA_HOME and PATH.
# Order: $JAVA_HOME, then the newest JDK under /usr/lib/jvm ($SKIFF_JVM_DIR), then java on the PATH.
# ./skiff runs these before every command: on its usual path they use bash built-ins only, no forks or
# subshells (each costs ~2 ms; the launcher had ~20 of them, 40-60 ms of a one-shot command).

skiff_release_version() { # $1 = a JDK's home; sets REPLY to JAVA_VERSION (25.0.3) from its release file, else ""
  local line
  REPLY=""
  [ -r "$1/release" ] || return 1
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
      JAVA_VERSION=\"*\"*) line=${line#JAVA_VERSION=\"}; REPLY=${line%%\"*}; return 0 ;;
    esac
  done <"$1/release"
  return 1
}

skiff_java_major_of() { # $1 = path to a java binary; sets REPLY to its feature release number
  # the JDK's release file answers in a millisecond; starting a JVM to ask costs ~200 ms per call
  local home=${1%/*} v
  home=${home%/*}
  if skiff_release_version "$home"; then
    v=${REPLY%%[!0-9._]*}
    v=${v#1.}
    v=${v%%[._]*}
    if [ -n "$v" ]; then REPLY=$v; return 0; fi
  fi
  REPLY=$("$1" -XshowSettings:properties -version 2>&1 |
    awk -F' = ' '/java.specification.version/ {print $2; exit}' | sed 's/^1\.//')
}

skiff_java_major() { # $1 = path to a java binary; prints its feature release number
  skiff_java_major_of "$1"
  echo "$REPLY"
}

skiff_find_java() {
  local c java
  if [ -n "${JAVA_HOME:-}" ] && skiff_use_jdk "$JAVA_HOME"; then return 0; fi
  skiff_jvms_newest_first "${SKIFF_JVM_DIR:-/usr/lib/jvm}"
  for c in ${SKIFF_JVMS[@]+"${SKIFF_JVMS[@]}"}; do
    skiff_use_jdk "$c" && return 0
  done
  if java="$(command -v java 2>/dev/null)"; then
    c="$(readlink -f "$java")"
    c=${c%/*}
    skiff_use_jdk "${c%/*}" && return 0
  fi
  echo "skiff: no JDK 21 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm/*, and java on the PATH)." >&2
  echo "skiff: install one (for example: apt-get install openjdk-21-jdk) or set JAVA_HOME to it." >&2
  return 1
}

skiff_use_jdk() { # exports JAVA_HOME=$1 (and its bin on the PATH) when it is a JDK >= 21
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  skiff_java_major_of "$1/bin/java"
  [ -n "$REPLY" ] && [ "$REPLY" -ge 21 ] 2>/dev/null || return 1
  export JAVA_HOME="$1"
  export PATH="$1/bin:$PATH"
}

skiff_jvms_newest_first() { # sets SKIFF_JVMS to the directories in $1, in `sort -rV` order
  local d i
  SKIFF_JVMS=()
  for d in "$1"/*/; do
    [ -d "$d" ] || continue
    # insertion sort: a handful of JDKs
    for ((i = ${#SKIFF_JVMS[@]}; i > 0; i--)); do
      skiff_version_compare "${SKIFF_JVMS[i - 1]}/" "$d"
      [ "$REPLY" -lt 0 ] || break
      SKIFF_JVMS[i]=${SKIFF_JVMS[i - 1]}
    done
    SKIFF_JVMS[i]=${d%/}
  done
}

skiff_version_compare() { # sets REPLY to -1, 0 or 1 as $1 sorts before, with or after $2 in GNU `sort -V`
  # GNU's verrevcmp: non-digit runs by character (letters first, then other characters; a digit or the end
  # counts 0, ~ counts -1), digit runs as numbers; equal by that, byte order decides (sort's last resort)
  local a=$1 b=$2 oa ob na nb
  while [ -n "$a" ] || [ -n "$b" ]; do
    while [[ -n "$a" && ${a:0:1} != [0-9] ]] || [[ -n "$b" && ${b:0:1} != [0-9] ]]; do
      skiff_version_order "${a:0:1}"; oa=$REPLY
      skiff_version_order "${b:0:1}"; ob=$REPLY
      if [ "$oa" -ne "$ob" ]; then REPLY=$((oa < ob ? -1 : 1)); return 0; fi
      a=${a:1}; b=${b:1}
    done
    na=${a%%[!0-9]*}; nb=${b%%[!0-9]*}
    a=${a#"$na"}; b=${b#"$nb"}
    while [ "${na:0:1}" = 0 ]; do na=${na:1}; done
    while [ "${nb:0:1}" = 0 ]; do nb=${nb:1}; done
    if [ ${#na} -ne ${#nb} ]; then REPLY=$((${#na} < ${#nb} ? -1 : 1)); return 0; fi
    if [[ $na < $nb ]]; then REPLY=-1; return 0; fi
    if [[ $na > $nb ]]; then REPLY=1; return 0; fi
  done
  if [[ $1 < $2 ]]; then REPLY=-1; elif [[ $1 > $2 ]]; then REPLY=1; else REPLY=0; fi
}

skiff_version_order() { # sets REPLY to the weight GNU sort -V gives the character $1
  case "$1" in
    "" | [0-9]) REPLY=0 ;;
    "~") REPLY=-1 ;;
    [A-Za-z]) printf -v REPLY '%d' "'$1" ;;
    *) printf -v REPLY '%d' "'$1"; REPLY=$((REPLY + 256)) ;;
  esac
}

# skiff_jvm_opts COMMAND JAVA_MAJOR: prints the JVM flags ./skiff gives a command (when SKIFF_JAVA_OPTS does not replace them).
skiff_jvm_opts() {
  skiff_jvm_opts_reply "$@"
  echo "$REPLY"
}

# skiff_jvm_opts_reply COMMAND JAVA_MAJOR: the same flags in REPLY, without a subshell (./skiff)
skiff_jvm_opts_reply() {
  # The JVM's hsperfdata file (an mmap under /tmp) is re-dirtied every few seconds: on a Pi that is
  # the only thing an idle server would write to its SD card, so the counters stay in memory.
  local opts="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -XX:+PerfDisableSharedMem"
  case "${1:-}" in
    # skiff server is a daemon on a small machine: start with a small heap, grow only as needed, give
    # memory back after bursts (idle RSS ~100 MB, well under the 256 MB target; StoreBench measures it).
    # Keep in step with EmbeddedChild.SERVER_JVM_FLAGS in tests/.
    server) opts+=" -Xms16m -Xmx192m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30" ;;
    # skiff agent runs on every node next to the pods: the smallest heap that holds its caches (it
    # shrinks back after bursts), small thread stacks, one compiler thread (it talks to the store through
    # WireStore on a plain socket: no Netty, no gRPC runtime). AgentBench
    # measures the RSS. Keep in step with dev.skiff.local.Launcher.AGENT_JVM_FLAGS in shell/.
    agent) [ "${2:-0}" -ge 25 ] && opts+=" -XX:+UseCompactObjectHeaders" # a product flag since JDK 25
           # -Xmn1m: an idle agent's young gen was 2.4 MB committed for ~0.5 MB of garbage between collections;
           # a 1 MB one collects more often, each in well under a millisecond (serial, little survives)
           opts+=" -Xss256k -Xms8m -Xmx128m -Xmn1m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20"
           opts+=" -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=24m -XX:CICompilerCount=1"
           opts+=" -XX:MaxDirectMemorySize=32m"
           # C1 compiles a method after 200 calls by default: an agent's start-up (class set-up, JSON for the
           # first objects) then fills ~4.4 MB of code cache and compiler arenas with code that never runs again.
           # 10x the thresholds keeps ~1.5 MB of it out; what the agent repeats per pod still gets compiled
           opts+=" -XX:Tier3InvocationThreshold=2000 -XX:Tier3MinInvocationThreshold=1000"
           opts+=" -XX:Tier3CompileThreshold=20000 -XX:Tier3BackEdgeThreshold=600000"
           # glibc keeps what the JIT's start-up burst freed (~5 MB of an idle agent's RSS): the JVM hands it
           # back every 10 s (malloc_trim; a product flag since JDK 22)
           [ "${2:-0}" -ge 22 ] && opts+=" -XX:TrimNativeHeapInterval=10000"
           # Not -Djdk.reflect.useNativeAccessorOnly=true: it saves ~1.2 MB (no method-handle classes for Jackson's
           # reflection, JEP 416) but process pods bound -> Running went from p50/p99 ~100/~450 ms to ~150/~950 ms
           # (AgentBench, same load, alternating runs)
           # the interned-string table starts with 65,536 buckets (512 KB): an idle agent's ~3,800 strings write to every
           # page of it. 4,096 buckets hold them at ~1 per bucket (-0.45 MB), and the JVM grows the table when it fills
           opts+=" -XX:StringTableSize=4096"
           ;;
  esac
  REPLY=$opts
}

# skiff_aot BASE DIST JAVA JVM_FLAGS…: sets SKIFF_AOT_FLAGS to the flags for the JDK >= 25 AOT cache
# BASE.aot of one verb (JEP 483/514/515). The verb's first run records what it loads and links
# (BASE.aotconf, written by the JVM at exit); the next run assembles the cache from that in the
# background at low priority (its output in BASE.log); every run after maps it. A record or cache
# older than the distribution is stale, so a rebuild re-trains; BASE names the JDK, so does a JDK
# update. One process trains a verb at a time (BASE.lock holds its pid; a dead one's lock is taken
# over). A cache the JVM cannot use never stops a command: it runs without (SKIFF_DEBUG=1 says why).
skiff_aot() {
  local base="$1" dist="$2" java="$3" quiet=(-Xlog:aot=off -Xlog:cds=off)
  shift 3
  [ -n "${SKIFF_DEBUG:-}" ] && quiet=()
  SKIFF_AOT_FLAGS=()
  if skiff_aot_fresh "$base.aot" "$dist"; then
    SKIFF_AOT_FLAGS=("${quiet[@]}" "-XX:AOTCache=$base.aot")
    skiff_aot_say "using $base.aot"
  elif ! skiff_aot_claim "$base.lock"; then
    skiff_aot_say "another process is training $base.aot; running without it"
  elif skiff_aot_fresh "$base.aotconf" "$dist"; then
    # the record is ready: assemble it while this command runs without a cache (and past its end:
    # the terminal's hang-up when the session leader exits must not stop it half-way)
    ( trap '' HUP
      nice -n 19 "$java" "$@" -XX:AOTMode=create "-XX:AOTConfiguration=$base.aotconf" "-XX:AOTCache=$base.tmp" \
        -cp "$dist" && mv -f "$base.tmp" "$base.aot"
      rm -f "$base.aotconf" "$base.tmp" "$base.lock" ) </dev/null >"$base.log" 2>&1 &
    echo $! >"$base.lock"
    skiff_aot_say "assembling $base.aot in the background (log: $base.log)"
  else
    # record: the JVM prints what it wrote to stdout at exit, which is the command's output
    rm -f "$base.aotconf"
    SKIFF_AOT_FLAGS=("${quiet[@]}" -XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput -XX:AOTMode=record
      "-XX:AOTConfiguration=$base.aotconf")
    skiff_aot_say "recording $base.aotconf (this run; the cache is assembled on the next)"
  fi
}

skiff_aot_fresh() { # $1 newer than the distribution $2 and every jar beside it
  [ -s "$1" ] && [ "$1" -nt "$2" ] && ! skiff_jars_newer "${2%/*}/lib" "$1"
}

skiff_jars_newer() { # true when the directory $1 or a file in it is newer than $2 (as find -newer; built-ins only)
  local f
  [ "$1" -nt "$2" ] && return 0
  for f in "$1"/*; do
    [ "$f" -nt "$2" ] && return 0
  done
  return 1
}

skiff_aot_claim() { # takes the lock file $1 for this process, unless a live process holds it
  local pid
  pid="$(cat "$1" 2>/dev/null || true)"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then return 1; fi
  rm -f "$1"
  (set -o noclobber; echo $$ >"$1") 2>/dev/null
}

skiff_aot_say() {
  [ -n "${SKIFF_DEBUG:-}" ] && echo "skiff: AOT cache: $*" >&2
  return 0
}

skiff_java_version() { # $1 = JAVA_HOME; prints its full version (25.0.3), from the release file
  skiff_release_version "$1"
  echo "$REPLY"
}

# skiff_agent_classpath TARGET AGENT_ARGS…: the class path ./skiff agent runs (shell/pom.xml writes TARGET/agent.classpath):
# the distribution without the prompt's and JS's jars, each of which would cost the agent its central directory on the
# heap (~4 MB of RSS in all); docker-java and its jars (TARGET/agent-docker.classpath, after the rest) only for
# --runtime docker (~1.1 MB). Fails when the build predates it, and the caller falls back to the whole distribution.
skiff_agent_classpath() {
  local target="$1" cp jar list=agent.classpath
  shift
  [ "$(skiff_agent_runtime "$@")" = docker ] && list="agent.classpath agent-docker.classpath"
  [ -f "$target/skiff-agent.jar" ] && [ -f "$target/agent.classpath" ] && [ -f "$target/agent-docker.classpath" ] || return 1
  cp="$target/skiff-agent.jar"
  for file in $list; do
    IFS=: read -ra jars <"$target/$file"
    for jar in "${jars[@]}"; do cp+=":$target/$jar"; done
  done
  echo "$cp"
}

skiff_agent_runtime() { # AGENT_ARGS…: the --runtime they name (AgentCommand's default: process)
  local runtime=process
  while [ $# -gt 0 ]; do
    case "$1" in
      --runtime) runtime="${2:-}"; shift ;;
      --runtime=*) runtime="${1#--runtime=}" ;;
    esac
    shift
  done
  echo "$runtime"
}

# Sourced by ./skiff and ./run-tests: finds a JDK >= 21 and exports JAVA_HOME and PATH.
# Order: $JAVA_HOME, then the newest JDK under /usr/lib/jvm ($SKIFF_JVM_DIR), then java on the PATH.

skiff_java_major() { # $1 = path to a java binary; prints its feature release number
  # the JDK's release file answers in a millisecond; starting a JVM to ask costs ~200 ms per call
  local release v
  release="$(dirname "$(dirname "$1")")/release"
  if [ -r "$release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9._]*\).*/\1/p' "$release" | head -n 1)
    v=${v#1.}
    v=${v%%[._]*}
    if [ -n "$v" ]; then echo "$v"; return 0; fi
  fi
  "$1" -XshowSettings:properties -version 2>&1 |
    awk -F' = ' '/java.specification.version/ {print $2; exit}' | sed 's/^1\.//'
}

skiff_find_java() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in $(ls -d "${SKIFF_JVM_DIR:-/usr/lib/jvm}"/*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}"); done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major=$(skiff_java_major "$c/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$c"
      export PATH="$c/bin:$PATH"
      return 0
    fi
  done
  echo "skiff: no JDK 21 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm/*, and java on the PATH)." >&2
  echo "skiff: install one (for example: apt-get install openjdk-21-jdk) or set JAVA_HOME to it." >&2
  return 1
}

# skiff_jvm_opts COMMAND JAVA_MAJOR: the JVM flags ./skiff gives a command (when SKIFF_JAVA_OPTS does not replace them).
skiff_jvm_opts() {
  # The JVM's hsperfdata file (an mmap under /tmp) is re-dirtied every few seconds: on a Pi that is
  # the only thing an idle server would write to its SD card, so the counters stay in memory.
  local opts="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -XX:+PerfDisableSharedMem"
  case "${1:-}" in
    # skiff server is a daemon on a small machine: start with a small heap, grow only as needed, give
    # memory back after bursts (idle RSS ~100 MB, well under the 256 MB target; StoreBench measures it).
    # Keep in step with EmbeddedChild.SERVER_JVM_FLAGS in tests/.
    server) opts+=" -Xms16m -Xmx192m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30" ;;
    # skiff agent runs on every node next to the pods: the smallest heap that holds its caches (it
    # shrinks back after bursts), small thread stacks, one compiler thread, and unpooled Netty buffers
    # (jetcd's gRPC connection idles; pooled arenas would hold memory for nothing). AgentBench
    # measures the RSS. Keep in step with dev.skiff.local.Launcher.AGENT_JVM_FLAGS in shell/.
    agent) [ "${2:-0}" -ge 25 ] && opts+=" -XX:+UseCompactObjectHeaders" # a product flag since JDK 25
           opts+=" -Xss256k -Xms8m -Xmx128m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20"
           opts+=" -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=24m -XX:CICompilerCount=1"
           opts+=" -XX:MaxDirectMemorySize=32m -Dio.netty.allocator.type=unpooled"
           # glibc keeps what the JIT's start-up burst freed (~5 MB of an idle agent's RSS): the JVM hands it
           # back every 10 s (malloc_trim; a product flag since JDK 22)
           [ "${2:-0}" -ge 22 ] && opts+=" -XX:TrimNativeHeapInterval=10000"
           ;;
  esac
  echo "$opts"
}

# skiff_agent_classpath TARGET: the class path ./skiff agent runs (shell/pom.xml writes TARGET/agent.classpath): the
# distribution without the prompt's and JS's jars, each of which would cost the agent its central directory on the
# heap (~4 MB of RSS in all). Fails when the build predates it, and the caller falls back to the whole distribution.
skiff_agent_classpath() {
  local target="$1" cp jar
  [ -f "$target/skiff-agent.jar" ] && [ -f "$target/agent.classpath" ] || return 1
  cp="$target/skiff-agent.jar"
  IFS=: read -ra jars <"$target/agent.classpath"
  for jar in "${jars[@]}"; do cp+=":$target/$jar"; done
  echo "$cp"
}

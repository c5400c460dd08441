# Sourced by ./skiff and ./run-tests: finds a JDK >= 21 and exports JAVA_HOME and PATH.
# Order: $JAVA_HOME, then the newest JDK under /usr/lib/jvm ($SKIFF_JVM_DIR), then java on the PATH.

skiff_java_major() { # $1 = path to a java binary; prints its feature release number
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

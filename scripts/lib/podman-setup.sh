#!/usr/bin/env bash
# Makes Podman's Docker-compatible API available for the docker runtime's tests (DESIGN.md §7).
# Idempotent: writes the containers/storage config only when it differs, imports the busybox
# image only when it is missing, starts the API service only when its socket does not answer.
#   scripts/lib/podman-setup.sh            (as root; ./run-tests calls it)
# Afterwards the API is at unix:///run/skiff-podman.sock (override with SKIFF_PODMAN_SOCKET).
set -euo pipefail

socket="${SKIFF_PODMAN_SOCKET:-/run/skiff-podman.sock}"
image="localhost/busybox:1"
log="${SKIFF_PODMAN_LOG:-/tmp/skiff-podman-service.log}"

say() { echo "podman-setup: $*" >&2; }
die() { say "$*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "needs root (it writes /etc/containers and /run); run it with sudo"
command -v podman >/dev/null || die "podman is missing: apt-get install podman runc busybox-static"
command -v runc >/dev/null || die "runc is missing: apt-get install runc"

# write_if_changed FILE CONTENT: rewrite only when the content differs, so a run never disturbs a
# running service for nothing (a changed storage driver would orphan existing images).
write_if_changed() {
  local file="$1" content="$2"
  if [ -f "$file" ] && [ "$(cat "$file")" = "$content" ]; then return 0; fi
  mkdir -p "$(dirname "$file")"
  printf '%s\n' "$content" >"$file.tmp.$$"
  mv "$file.tmp.$$" "$file"
  say "wrote $file"
}

# Without these, containers fail on these machines: the default ulimits exceed the host's hard
# limits, crun is absent, systemd does not manage the cgroups, and overlayfs is unavailable.
write_if_changed /etc/containers/containers.conf '[containers]
default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"'

write_if_changed /etc/containers/storage.conf '[storage]
driver = "vfs"
runroot = "/run/containers/storage"
graphroot = "/var/lib/containers/storage"'

# The image: busybox-static and its applets, no registry needed.
if ! podman image exists "$image" 2>/dev/null; then
  busybox=/bin/busybox
  [ -x "$busybox" ] || die "$busybox is missing: apt-get install busybox-static"
  if ldd "$busybox" >/dev/null 2>&1; then
    die "$busybox is dynamically linked and would not run inside an image: apt-get install busybox-static"
  fi
  rootfs="$(mktemp -d)"
  trap 'rm -rf "$rootfs"' EXIT
  mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/etc" "$rootfs/proc" "$rootfs/sys" "$rootfs/dev" "$rootfs/var/www"
  chmod 1777 "$rootfs/tmp"
  cp "$busybox" "$rootfs/bin/busybox"
  for applet in $("$busybox" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$rootfs/etc/passwd"
  echo 'root:x:0:' >"$rootfs/etc/group"
  tar -C "$rootfs" -c . | podman import --quiet --change 'ENV PATH=/bin' --change 'CMD ["/bin/sh"]' - "$image" >/dev/null
  say "imported $image"
fi

answers() { curl -fsS --max-time 2 --unix-socket "$socket" http://d/_ping >/dev/null 2>&1; }

if ! answers; then
  rm -f "$socket"
  say "starting podman system service on unix://$socket (log $log)"
  # from /, so the service (and conmon, which drops files in its cwd) holds no caller directory; no
  # shell stays behind holding the caller's stdout (a pipe to `| tail` would never close)
  (cd / && exec setsid podman system service --time=0 "unix://$socket" >"$log" 2>&1 </dev/null) \
    >/dev/null 2>&1 </dev/null &
  for _ in $(seq 1 100); do
    answers && break
    sleep 0.1
  done
  answers || die "podman system service did not answer on $socket within 10 s; see $log"
fi
say "Docker API ready at unix://$socket (image $image)"

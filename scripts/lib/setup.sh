# Shared set-up for scripts/run, scripts/test and friends. Sourced, not run.

# Installs the Debian packages named as arguments when missing
# (with sudo when not root), waiting for a concurrent apt run if any.
ensure_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing Debian packages: ${missing[*]}" >&2
  $sudo apt-get update -qq -o DPkg::Lock::Timeout=120 >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq -o DPkg::Lock::Timeout=120 "${missing[@]}" >&2
}

# Flags for every `swift build` of the project. SwiftPM compiles C targets
# at -O0 in debug builds, which makes BoringSSL's scrypt (password hashing)
# about 5x slower (3 s instead of 0.6 s per login on the reference machine);
# -O2 for C keeps Swift debuggable while logins stay realistic in tests.
SWIFT_BUILD_FLAGS=(-Xcc -O2)

# Everything the build and the tests need on a fresh machine.
ensure_build_dependencies() {
  ensure_packages libreadline-dev libssl-dev openssl libsqlite3-dev libzip-dev zip tmux libhpdf-dev poppler-utils
}

# Dev certificates, made once per machine (keys are never committed).
ensure_certificates() {
  local root="$1"
  if [ ! -f "$root/certs/ca.crt" ] || [ ! -f "$root/certs/server.key" ] || [ ! -f "$root/certs/rogue-client.key" ]; then
    "$root/scripts/gen-certs" "$root/certs" >&2
  fi
}

# A free TCP port on the loopback interface.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Waits until facturo-server logs that it is listening (the log line is the
# readiness signal, not a fixed delay); fails if the process dies first.
wait_for_listening() {
  local log="$1" pid="$2"
  for _ in $(seq 1 600); do
    grep -q "listening" "$log" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { echo "facturo-server exited:" >&2; cat "$log" >&2; return 1; }
    sleep 0.1
  done
  echo "facturo-server did not start listening in 60 s:" >&2
  cat "$log" >&2
  return 1
}

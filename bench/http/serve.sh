# Sourced by the HTTP benchmarks: starts `$bin serve ARGS...` on $port in the background, sets
# $pid, stops it on exit, and returns once it answers /healthz (within 60 s).
start_server() {
  local log="$1"; shift
  "$bin" serve --port "$port" "$@" 2>"$log" &
  pid=$!
  trap 'kill $pid 2>/dev/null && wait $pid 2>/dev/null; rm -f "${cleanup[@]:-}"' EXIT
  for _ in $(seq 600); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "server did not answer /healthz on port $port (log: $log)" >&2
  return 1
}

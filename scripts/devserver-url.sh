# devserver-url.sh (sourced): devserver_url PID LOG [TRIES] prints the URL of a devserver
# started in the background with its output in LOG, from its "devserver listening on http://…"
# line (docs/design.md "Interfaces"); it waits TRIES × 0.1 s (default 600) and fails, showing the log,
# if the process exits first.
devserver_url() {
    local pid=$1 log=$2 tries=${3:-600} url=""
    for _ in $(seq "$tries"); do
        url=$(grep -o 'devserver listening on http://[0-9.:]*' "$log" | awk '{print $4}' || true)
        if [ -n "$url" ]; then
            printf '%s\n' "$url"
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            cat "$log" >&2
            return 1
        fi
        sleep 0.1
    done
    return 1
}

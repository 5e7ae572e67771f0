#!/usr/bin/env bash
# The one-command demo: builds once, starts a chat server on a free port, lets three scripted
# clients chat with nicknames, a second room and a private message (every line shows which
# client's screen it reached), shows one quitting with "q", then stops everything it started.
# Needs no input; Ctrl+C stops it cleanly too.
set -euo pipefail
cd "$(dirname "$0")"

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'echo; echo "Interrupted: stopping everything the demo started."; exit 130' INT TERM

if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
say() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }

say "Building (first run restores NuGet packages; give it a minute)"
dotnet build TinCanChat.sln -nologo -v quiet -clp:ErrorsOnly </dev/null
server_dll=TinCanChat.Server/bin/Debug/net10.0/TinCanChat.Server.dll
client_dll=TinCanChat.Client/bin/Debug/net10.0/TinCanChat.Client.dll

# Starts a server with the given options and sets $port from its ready line.
start_server() {
    dotnet "$server_dll" --host 127.0.0.1 --port 0 --log-level Warning "$@" >"$work/server.out" 2>&1 </dev/null &
    pids+=($!)
    for _ in $(seq 300); do
        port=$(sed -n 's/.*Listening on .*:\([0-9]*\)$/\1/p' "$work/server.out")
        [ -n "$port" ] && return 0
        kill -0 "${pids[-1]}" 2>/dev/null || break
        sleep 0.1
    done
    echo "The server did not start:" >&2
    cat "$work/server.out" >&2
    exit 1
}

# client NAME SCRIPT...: runs a client called NAME (--nick) whose typing is the script (a line,
# or "+N" to wait N s).
client() {
    local name=$1
    shift
    {
        for step in "$@"; do
            case $step in
                +*) sleep "${step#+}" ;;
                *) printf '%s\n' "$step" ;;
            esac
        done
    } | dotnet "$client_dll" 127.0.0.1 --port "$port" --nick "$name" 2>"$work/$name.err" \
        > >(sed -u "s/^/  [$name's screen] /") &
    pids+=($!)
    client_pids+=($!)
}

say "Chat server (--history 10: whoever enters a room first sees its last 10 lines; kept in --data)"
start_server --history 10 --data "$work/data"
echo "  $(head -n 1 "$work/server.out")"

say "Three clients chat: nicknames, /who, a room of their own (/join), a private message (/msg)"
client_pids=()
echo "  (each client picks its nickname with --nick; until then the server shows its address)"
client alice +1.0 "Hi all!" +1.5 "carol, which cheese?" +1.0 /who +1.0 "/join #cheese" +0.5 "The brie is in here." \
    +0.5 "/msg bob psst, come to #cheese" +3.0 "Welcome, bob. Ünïcödé works too: 🧀 €" +1.5
client bob +1.5 "Hello alice!" +4.5 "/join cheese" +1.0 /rooms +3.0
client carol +2.0 "Caerphilly, obviously." +6.0 "Anyone still in the lobby? I have to go; typing q now." +0.5 q
for pid in "${client_pids[@]}"; do
    wait "$pid" || echo "  (a client exited with status $?)"
done

say "Stopping the server (SIGTERM: it tells everyone and exits 0)"
kill -TERM "${pids[0]}"
wait "${pids[0]}" && echo "  server exited with status 0"

say "Echo mode: the server sends each message back to its sender only"
start_server --echo
echo "  $(head -n 1 "$work/server.out")"
printf '%s\n' "echo, echo..." "each line travels on its own connection" q |
    dotnet "$client_dll" 127.0.0.1 --port "$port" --echo 2>/dev/null | sed -u "s/^/  [echo client's screen] /"
kill -TERM "${pids[-1]}"
wait "${pids[-1]}" && echo "  echo server exited with status 0"

say "Done. To chat by hand, see README.md: start the server, then open clients in other terminals."

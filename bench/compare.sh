#!/usr/bin/env bash
# Same tool, same run: TinCanChat.Server beside the original Python servers, fan-out and
# connections scenarios, each server pinned to CPU 1 and the load tool to CPU 0.
#   bench/compare.sh PEERS_DIR [N ...]     (default N: 10 100 1000 10000)
# PEERS_DIR holds 2.1-chat-server-multithread.py and 5.1-chat-server-asyncio.py (with
# tincanchat.py); the peers stay outside this repository.
set -euo pipefail
peers=${1:?usage: bench/compare.sh PEERS_DIR [N ...]}
peers=$(cd "$peers" && pwd)
shift
sizes=("${@:-10 100 1000 10000}")
read -r -a sizes <<<"${sizes[*]}"
cd "$(dirname "$0")/.."
dotnet build TinCanChat.Bench -c Release -nologo -v quiet -clp:ErrorsOnly </dev/null
tool=TinCanChat.Bench/bin/Release/net10.0/TinCanChat.Bench.dll

peer_pid=
stop_peer() {
    if [ -n "$peer_pid" ]; then
        kill "$peer_pid" 2>/dev/null || true
        wait "$peer_pid" 2>/dev/null || true
    fi
    peer_pid=
}
trap stop_peer EXIT

# run NAME SCENARIO ARGS...: one row for our server (started by the tool) or a Python peer.
run() {
    local name=$1
    shift
    local target=(--server-cpu 1)
    if [ "$name" != tincanchat ]; then
        local port=$((20000 + RANDOM % 20000))
        TINCAN_PORT=$port taskset -c 1 python3 "$peers/$name" >/dev/null 2>&1 &
        peer_pid=$!
        for _ in $(seq 100); do
            (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
            sleep 0.1
        done
        target=(--port "$port" --server-pid "$peer_pid")
    fi
    local row
    row=$(taskset -c 0 dotnet "$tool" "$@" "${target[@]}" 2>/dev/null | grep '^|' || true)
    row=${row:-| $1 | failed, no figures |}
    echo "| $name |${row#|}"
    stop_peer
}

# Message counts shrink with N so the slowest server (2.1 at 10 000 clients: 1 000-3 000
# deliveries/s) still finishes: 2 M deliveries up to 100 clients, 500 k at 1 000, 200 k above.
for n in "${sizes[@]}"; do
    if [ "$n" -le 100 ]; then deliveries=2000000; paced=100
    elif [ "$n" -le 1000 ]; then deliveries=500000; paced=20
    else deliveries=200000; paced=2; fi
    m=$((deliveries / (10 * n))); [ "$m" -lt 1 ] && m=1
    echo "## N = $n: fanout unthrottled (10 senders × $m), fanout paced (10 × $paced at 20 msg/s), connections"
    echo "| server | scenario | clients | headline | p50 ms | p99 ms | max ms | errors | RSS MiB | threads | server CPU s | tool CPU s |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
    for server in tincanchat 2.1-chat-server-multithread.py 5.1-chat-server-asyncio.py; do
        run "$server" fanout -n "$n" -k 10 -m "$m" --connect-rate 500 --timeout 600
        run "$server" fanout -n "$n" -k 10 -m "$paced" -r 20 --connect-rate 500 --timeout 600
        run "$server" connections -n "$n" --connect-rate 500 --timeout 600
    done
done

#!/usr/bin/env bash
# Same tool, same run: TinCanChat.Server beside the servers people run instead (ngIRCd and
# InspIRCd, Debian's packages, spoken to in IRC) and, given --python, the original Python
# servers. Each server is pinned to CPU 1 and the load tool to CPU 0. One table row per
# server and N:
#   bench/compare.sh [--python PEERS_DIR] [N ...]      (default N: 100 1000 10000)
# PEERS_DIR holds 2.1-chat-server-multithread.py and 5.1-chat-server-asyncio.py (with
# tincanchat.py); they stay outside this repository. The IRC servers' settings are in
# bench/irc/ (flood limits lifted, no DNS or ident lookups); a missing package is skipped.
set -euo pipefail
peers=
if [ "${1:-}" = --python ]; then
    peers=$(cd "${2:?usage: bench/compare.sh [--python PEERS_DIR] [N ...]}" && pwd)
    shift 2
fi
sizes=("${@:-100 1000 10000}")
read -r -a sizes <<<"${sizes[*]}"
cd "$(dirname "$0")/.."
here=$(pwd)
dotnet build TinCanChat.Bench -c Release -nologo -v quiet -clp:ErrorsOnly </dev/null
tool=TinCanChat.Bench/bin/Release/net10.0/TinCanChat.Bench.dll
ulimit -n 20000
work=$(mktemp -d)

peer_pid=
stop_peer() {
    if [ -n "$peer_pid" ]; then
        kill "$peer_pid" 2>/dev/null || true
        wait "$peer_pid" 2>/dev/null || true
    fi
    peer_pid=
}
trap 'stop_peer; rm -rf "$work"' EXIT

# start_peer NAME PORT: starts a server other than ours on 127.0.0.1:PORT, pinned to CPU 1.
start_peer() {
    local name=$1 port=$2
    case $name in
        ngircd | inspircd)
            sed "s#@PORT@#$port#; s#@DIR@#$work#" "$here/bench/irc/$name.conf" >"$work/$name.conf"
            if [ "$name" = ngircd ]; then
                taskset -c 1 ngircd --nodaemon --config "$work/$name.conf" >/dev/null 2>&1 &
            else
                taskset -c 1 inspircd --config="$work/$name.conf" --nofork --runasroot >/dev/null 2>&1 &
            fi
            ;;
        *) TINCAN_PORT=$port taskset -c 1 python3 "$peers/$name" >/dev/null 2>&1 & ;;
    esac
    peer_pid=$!
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return
        sleep 0.1
    done
}

# bench NAME SCENARIO ARGS...: the tool's table row for one run, against a fresh server.
bench() {
    local name=$1
    shift
    local target=(--server-cpu 1)
    if [ "$name" != tincanchat ]; then
        local port=$((20000 + RANDOM % 20000))
        start_peer "$name" "$port"
        target=(--port "$port" --server-pid "$peer_pid")
        case $name in ngircd | inspircd) target+=(--protocol irc) ;; esac
    fi
    taskset -c 0 dotnet "$tool" "$@" "${target[@]}" --timeout 900 2>/dev/null | grep '^|' || echo "| failed |"
    stop_peer
}

field() { awk -F'|' -v i="$2" '{ gsub(/ /, "", $i); print $i }' <<<"$1"; }

# row NAME N: unthrottled fan-out twice (M and 2M messages per sender: server CPU per million
# deliveries is the difference, so connecting is not counted), paced fan-out, idle connections.
row() {
    local name=$1 n=$2 m paced
    if [ "$n" -le 100 ]; then m=2000; paced=100
    elif [ "$n" -le 1000 ]; then m=100; paced=40
    else m=10; paced=10; fi
    local one two slow idle
    one=$(bench "$name" fanout -n "$n" -k 10 -m "$m" --connect-rate 1000)
    two=$(bench "$name" fanout -n "$n" -k 10 -m $((2 * m)) --connect-rate 1000)
    slow=$(bench "$name" fanout -n "$n" -k 10 -m "$paced" -r 20 --connect-rate 1000)
    idle=$(bench "$name" connections -n "$n" --connect-rate 1000)
    local receivers=$n
    case $name in ngircd | inspircd) receivers=$((n - 1)) ;; esac
    awk -v n="$n" -v name="$name" -v recv="$receivers" -v m="$m" \
        -v rate="$(field "$two" 4)" -v cpu1="$(field "$one" 11)" -v cpu2="$(field "$two" 11)" -v tool="$(field "$two" 12)" \
        -v e1="$(field "$one" 8)" -v e2="$(field "$two" 8)" -v e3="$(field "$slow" 8)" \
        -v p50="$(field "$slow" 5)" -v p99="$(field "$slow" 6)" \
        -v bcast="$(field "$idle" 5)" -v kib="$(field "$idle" 6)" -v admit="$(field "$idle" 10)" '
        BEGIN {
            if (rate + 0 == 0 || p50 == "" || kib == "") { print "| " n " | " name " | failed |"; exit }
            err = e1 + e2 + e3
            extra = recv * 10 * m
            wall = 2 * extra / rate
            printf "| %s | %s | %.0f | %s | %s | %s | %.2f | %s | %s | %.0f%% | %s |\n",
                n, name, rate, p50, p99, bcast, (cpu2 - cpu1) / extra * 1e6, admit, kib, 100 * tool / wall, err
        }'
}

servers=(tincanchat)
for irc in ngircd inspircd; do
    if command -v "$irc" >/dev/null; then servers+=("$irc"); else echo "($irc not installed: apt-get install $irc)" >&2; fi
done
[ -n "$peers" ] && servers+=(5.1-chat-server-asyncio.py 2.1-chat-server-multithread.py)
# SERVERS="ngircd inspircd" bench/compare.sh 1000: only those rows.
[ -n "${SERVERS:-}" ] && read -r -a servers <<<"$SERVERS"

echo "| clients | server | fan-out deliveries/s | paced p50 ms | paced p99 ms | one broadcast to all idle ms | server CPU s per M deliveries | server CPU ms per client admitted | RSS per idle client KiB | tool core use | lost+dup+reordered |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
    for server in "${servers[@]}"; do
        # 2.1 takes ~14 s per broadcast at 10 000 clients: its row would take an hour.
        if [ "$server" = 2.1-chat-server-multithread.py ] && [ "$n" -gt 1000 ]; then continue; fi
        row "$server" "$n"
    done
done

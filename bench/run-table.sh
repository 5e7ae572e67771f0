#!/usr/bin/env bash
# Runs every scenario of BENCHMARKS.md against TinCanChat.Server and prints the table rows.
# The load tool is pinned to CPU 0 and the server it starts to CPU 1 (fan-out runs).
# Needs: vm.max_map_count above ~200 000 for 10 000 clients (sysctl -w vm.max_map_count=262144).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build TinCanChat.Bench -c Release -nologo -v quiet -clp:ErrorsOnly </dev/null
bench() {
    local row
    row=$(taskset -c 0 dotnet TinCanChat.Bench/bin/Release/net10.0/TinCanChat.Bench.dll "$@" 2>/dev/null | grep '^|' || true)
    echo "${row:-| $* | failed, no figures |}"
}

fanout_table() {
    echo "## $1"
    echo "| scenario | clients | deliveries/s | p50 ms | p99 ms | max ms | lost+dup+reordered | server RSS MiB | server threads | server CPU s | tool CPU s |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
}

fanout_table "fanout, unthrottled, 10 senders, 64-byte messages"
bench fanout -n 10 -k 10 -m 20000 --server-cpu 1
bench fanout -n 100 -k 10 -m 10000 --server-cpu 1
bench fanout -n 1000 -k 10 -m 1000 --server-cpu 1
bench fanout -n 5000 -k 10 -m 200 --connect-rate 1000 --server-cpu 1
bench fanout -n 10000 -k 10 -m 100 --connect-rate 1000 --server-cpu 1

fanout_table "fanout, paced: 10 senders at 20 msg/s each, 64-byte messages (latency)"
# 200 messages per sender (10 s of sending) up to 1 000 clients; 20 above, where one second
# of traffic already takes several seconds to deliver.
for n in 10 100 1000 5000 10000; do
    m=200; [ "$n" -gt 1000 ] && m=20
    bench fanout -n "$n" -k 10 -m "$m" -r 20 --connect-rate 1000 --server-cpu 1
done

fanout_table "fanout at 1 000 clients, paced: 10 senders at R msg/s each (latency against load)"
for r in 1 2 5 10 20; do
    m=$((r * 10)); [ "$m" -lt 20 ] && m=20
    bench fanout -n 1000 -k 10 -m "$m" -r "$r" --connect-rate 1000 --server-cpu 1
done

fanout_table "fanout at 1 000 clients in R rooms, 10 senders in each room, 10 000 000 deliveries in all"
bench fanout -n 1000 -k 10 -m 1000 --rooms 1 --connect-rate 1000 --server-cpu 1
bench fanout -n 1000 -k 10 -m 1000 --rooms 10 --connect-rate 1000 --server-cpu 1
bench fanout -n 1000 -k 10 -m 1000 --rooms 100 --connect-rate 1000 --server-cpu 1

# pairs TITLE RATE OPTION...: fan-out at 100 and 1 000 clients, then idle connections at 1 000
# and 5 000 at RATE connects/s; each row plain, then again with the OPTIONs.
pairs() {
    local title=$1 rate=$2
    shift 2
    fanout_table "$title beside plain: fanout, unthrottled, 10 senders (each pair: plain, then $*)"
    for n in 100 1000; do
        m=10000; [ "$n" -gt 100 ] && m=1000
        bench fanout -n "$n" -k 10 -m "$m" --connect-rate 1000 --server-cpu 1
        bench fanout -n "$n" -k 10 -m "$m" --connect-rate 1000 --server-cpu 1 "$@"
    done

    echo "## $title beside plain: idle clients at $rate connects/s, one broadcast (each pair: plain, then $*)"
    echo "| scenario | clients | connect s | broadcast to all ms | RSS per client KiB | threads at N | threads after | tool CPU s | server CPU ms per client admitted |"
    echo "|---|---|---|---|---|---|---|---|---|"
    for n in 1000 5000; do
        bench connections -n "$n" --connect-rate "$rate"
        bench connections -n "$n" --connect-rate "$rate" "$@"
    done
}

pairs TLS 5000 --tls
pairs WebSocket 1000 --transport ws

echo "## burst: 100 clients; K senders write M messages in one go, all at once, 20 times"
echo "| scenario | clients | senders × messages (size) × bursts | deliveries/s | p50 ms | p99 ms | clients disconnected | lost |"
echo "|---|---|---|---|---|---|---|---|"
bench burst -n 100 -k 10 -m 200 -R 20 --server-cpu 1
bench burst -n 100 -k 20 -m 100 -R 20 --server-cpu 1
bench burst -n 100 -k 1 -m 5000 -R 20 --server-cpu 1
bench burst -n 100 -k 1 -m 3000 -s 1 -R 20 --server-cpu 1

echo "## stuck: 100 clients, 5 senders at 20 msg/s of 1 000 bytes, 30 s without and 30 s with a client that never reads"
echo "| scenario | clients | senders | stuck client dropped after | p50 / p99 ms without | p50 / p99 ms with | others disconnected | lost |"
echo "|---|---|---|---|---|---|---|---|"
bench stuck -n 100 -k 5 -r 20 --duration 30 --server-cpu 1

echo "## connections: idle clients, one broadcast"
echo "| scenario | clients | connect s | broadcast to all ms | RSS per client KiB | threads at N | threads after | tool CPU s | server CPU ms per client admitted |"
echo "|---|---|---|---|---|---|---|---|---|"
for n in 10 100 1000 5000 10000; do
    bench connections -n "$n" --connect-rate 1000
done

echo "## echo: round trips for 10 s, 64-byte messages"
echo "| scenario | connections | round trips/s | p50 ms | p99 ms | max ms | mismatches | server RSS MiB | server threads | server CPU s | tool CPU s |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for n in 10 100 1000; do
    bench echo -n "$n" --duration 10
done

echo "## logins: L clients log in at once while N chat (one line every 20 ms)"
echo "| scenario | logins | chatters | logins/s | chat p50 / p99 ms before | chat p50 / p99 ms during | tool CPU s |"
echo "|---|---|---|---|---|---|---|"
bench logins -n 20 -l 50
bench logins -n 100 -l 200

# The metrics exporter (`damo metrics`) watching a real kdamond: scheme
# counters as the kernel keeps them, growing between two scrapes.  Needs
# only DAMOS statistics (every kernel with the sysfs interface).

# A sample's value in exposition text: $1 the text, $2 the series
# (name{labels}) exactly as written.
metric_value() {
    awk -v s="$2" '$1 == s { print $2; exit }' <<<"$1"
}

# GET $1 from the exporter (bash's /dev/tcp: no HTTP client needed), with
# $2 as the Accept header if given; prints the body.
http_get() {
    local accept=""
    [ -n "${2:-}" ] && accept="Accept: $2"$'\r\n'
    (
        exec 3<> "/dev/tcp/127.0.0.1/$EXPORTER_PORT" || exit 1
        printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s\r\n' "$1" "$accept" >&3
        timeout 20 cat <&3 | tr -d '\r' | sed '1,/^$/d'
    )
}
scrape() {
    local text
    text=$(http_get /metrics "${1:-}") && [ -n "$text" ] || fail "scraping the exporter failed"
    echo "$text"
}

needs exporter_scheme_counters_grow once sysfs
scenario_exporter_scheme_counters_grow() {
    EXPORTER_PORT=19475
    # The guest's init leaves the loopback interface down.
    ip link set lo up 2>/dev/null || ifconfig lo up 2>/dev/null || fail "cannot bring the loopback interface up"
    damo_ok start "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s --damos_action stat
    wait_workload w
    expect_kd 0/state on
    log "\$ damo metrics serve --listen 127.0.0.1:$EXPORTER_PORT --min_refresh_interval 0"
    "$DAMO" metrics serve --listen 127.0.0.1:$EXPORTER_PORT --min_refresh_interval 0 \
        > "$WORK/serve.out" 2> "$WORK/serve.err" < /dev/null &
    local server=$! i
    for i in $(seq 100); do
        http_get / 2> /dev/null | grep -q metrics && break
        kill -0 "$server" 2> /dev/null || fail "damo metrics serve ended: $(cat "$WORK/serve.err")"
        sleep 0.1
    done
    expect_match "$(cat "$WORK/serve.err")" "serving http://127.0.0.1:$EXPORTER_PORT/metrics" "the exporter says where it serves"
    sleep 2

    local s='{kdamond="0",context="0",scheme="0",action="stat"}' first second
    first=$(scrape)
    head -c 3000 <<<"$first" | sed 's/^/    /'
    expect_eq "$(metric_value "$first" 'damon_kdamond_running{kdamond="0"}')" 1 "damon_kdamond_running"
    expect_eq "$(metric_value "$first" 'damon_kdamond_pid{kdamond="0"}')" "$(kd 0/pid)" "damon_kdamond_pid is the kdamond's"
    expect_eq "$(metric_value "$first" 'damon_context_info{kdamond="0",context="0",ops="vaddr"}')" 1 "damon_context_info"
    expect_eq "$(metric_value "$first" 'damon_context_aggregation_interval_seconds{kdamond="0",context="0"}')" 0.1 \
        "aggregation interval in seconds"
    local tried1 sz1
    tried1=$(metric_value "$first" "damon_scheme_tried_regions_total$s")
    sz1=$(metric_value "$first" "damon_scheme_tried_bytes_total$s")
    expect_gt "$tried1" 0 "nr_tried exported after 2 s"
    expect_gt "$sz1" 0 "sz_tried exported after 2 s"
    # Nothing but the exporter refreshed the files since: they hold what
    # it exported.
    expect_eq "$tried1" "$(kd 0/contexts/0/schemes/0/stats/nr_tried)" "exported nr_tried is the kernel's"
    expect_eq "$sz1" "$(kd 0/contexts/0/schemes/0/stats/sz_tried)" "exported sz_tried is the kernel's"
    if command -v promtool > /dev/null; then
        promtool check metrics <<<"$first" > "$WORK/promtool.out" 2>&1 || fail "promtool: $(cat "$WORK/promtool.out")"
        log "ok: promtool check metrics"
    fi

    sleep 3
    second=$(scrape 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5')
    expect_match "$(tail -1 <<<"$second")" '^# EOF$' "OpenMetrics when asked for"
    # Every aggregation (100 ms) tries each of at least 10 regions.
    expect_ge "$(metric_value "$second" "damon_scheme_tried_regions_total$s")" $(( tried1 + 10 )) "nr_tried 3 s later"
    expect_gt "$(metric_value "$second" "damon_scheme_tried_bytes_total$s")" "$sz1" "sz_tried 3 s later"

    # The one-shot mode reads the same.
    damo_ok metrics write
    expect_gt "$(metric_value "$OUT" "damon_scheme_tried_regions_total$s")" "$tried1" "metrics write: nr_tried"

    # The kdamond ends: the exporter says so and drops its pid.
    damo_ok stop
    local third
    third=$(scrape)
    expect_eq "$(metric_value "$third" 'damon_kdamond_running{kdamond="0"}')" 0 "damon_kdamond_running after stop"
    expect_eq "$(metric_value "$third" 'damon_kdamond_pid{kdamond="0"}')" "" "no damon_kdamond_pid after stop"

    kill -TERM "$server"
    local rc=0
    wait "$server" || rc=$?
    expect_eq "$rc" 0 "exit status of the exporter on SIGTERM"
    kill_workloads
}

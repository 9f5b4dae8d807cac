let pythonSmallRecordJSON = """
    [
        {
            "kdamond_idx": 0,
            "context_idx": 0,
            "intervals": {
                "sample_us": "5000",
                "aggr_us": "100000",
                "ops_update_us": "1000000",
                "intervals_goal": {
                    "access_bp": "0.000000",
                    "aggrs": "0",
                    "min_sample_us": "0",
                    "max_sample_us": "0"
                }
            },
            "scheme_idx": null,
            "target_id": 42,
            "scheme_filters": [
                {
                    "filter_type": "anon",
                    "matching": true,
                    "allow": true,
                    "memcg_path": null,
                    "address_range": null,
                    "damon_target_idx": null,
                    "hugepage_size": null,
                    "probe_hits_wsum_range": null
                }
            ],
            "snapshots": [
                {
                    "start_time": "1000",
                    "end_time": "2500000000",
                    "regions": [
                        {
                            "start": "4,096",
                            "end": "8,192",
                            "nr_accesses": {
                                "samples": 3,
                                "percent": null
                            },
                            "age": {
                                "usec": null,
                                "aggr_intervals": "2"
                            },
                            "probe_hits": [],
                            "sz_filter_passed": "0 B"
                        },
                        {
                            "start": "94,827,419,009,024",
                            "end": "94,827,423,150,080",
                            "nr_accesses": {
                                "samples": 5,
                                "percent": null
                            },
                            "age": {
                                "usec": "700 ms",
                                "aggr_intervals": null
                            },
                            "probe_hits": [
                                1,
                                2
                            ],
                            "sz_filter_passed": "4.000 KiB"
                        }
                    ],
                    "total_bytes": "4145152",
                    "damos_stats": null,
                    "sample_interval_us": null
                }
            ],
            "data_source": "unknown"
        }
    ]
    """

"""Broker transport options for Redis, shared by the settings and the tests that run a real worker on a real Redis."""


def redis_transport_options(visibility_timeout: int) -> dict:
    """Kombu's Redis options: late-acknowledged deliveries come back after `visibility_timeout` seconds when their
    worker died; a broker that is down is reported within seconds instead of being retried for minutes."""
    return {
        "visibility_timeout": visibility_timeout,
        # Look for abandoned deliveries about ten times per visibility timeout (at least every second, at most every 5 min).
        "unacked_restore_interval": max(1, min(300, visibility_timeout // 10)),
        "unacked_restore_throttle": 1,
        # Publishing (a report request) while Redis is down fails after about a second: the request gets a Dutch 503.
        "socket_connect_timeout": 3,
        "max_retries": 2,
        "interval_start": 0,
        "interval_step": 0.5,
        "interval_max": 1,
    }

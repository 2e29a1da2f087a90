"""Stop at once, with a message saying what to start, when PostgreSQL or Redis is unreachable.

`make test` runs this before the suite, so that a missing service is a clear message rather than
a slow cascade of errors or a quiet fallback to SQLite.
"""

import os
import sys

import environ
import psycopg2
import redis

HINTS = {
    "postgresql": (
        "start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` "
        "(or `docker compose up -d db`), or point DATABASE_URL at a running server"
    ),
    "redis": (
        "start it with `redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' "
        "--appendonly no` (or `docker compose up -d redis`), or point CELERY_BROKER_URL at one"
    ),
}


def check_postgresql(url: str) -> str | None:
    config = environ.Env.db_url_config(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        return f"DATABASE_URL must point at PostgreSQL for the tests, not {config['ENGINE']}"
    try:
        psycopg2.connect(
            dbname="postgres",
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            connect_timeout=3,
        ).close()
    except psycopg2.OperationalError as error:
        return f"PostgreSQL is unreachable ({str(error).strip()}): {HINTS['postgresql']}"
    return None


def check_redis(url: str) -> str | None:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError as error:
        return f"Redis is unreachable at {url} ({error}): {HINTS['redis']}"
    return None


def main() -> int:
    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/poc_training")
    redis_url = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/15"
    problems = [p for p in (check_postgresql(database_url), check_redis(redis_url)) if p]
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

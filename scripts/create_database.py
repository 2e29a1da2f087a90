"""Create the PostgreSQL database named by DATABASE_URL if it does not exist (for the benchmark)."""

import os
import sys

import environ
import psycopg2
from psycopg2 import sql


def main() -> int:
    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    connection = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        connect_timeout=5,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            print(f"created database {config['NAME']}")
    connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

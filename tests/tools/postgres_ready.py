"""Exit 0 when the PostgreSQL server in argv[1] accepts connections, 1 otherwise."""

import sys

import psycopg2


def main(url: str) -> int:
    try:
        # Connect to the maintenance database: the tests create their own.
        psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
    except psycopg2.OperationalError as error:
        print(f"PostgreSQL not reachable: {error}".strip(), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

"""Database servers and their clients, as the hub's redis and postgres images run them.

- ``resp``, ``redis_store``, ``rdb``: Redis's wire protocol, its keyspace and commands,
  and the dump.rdb file SAVE writes;
- ``redis_server``, ``redis_cli``: redis-server and redis-cli;
- ``pg_store``, ``pg_sql``: PostgreSQL's cluster on disk (PGDATA) and the SQL subset
  a lesson needs;
- ``postgres``, ``psql``: initdb, pg_ctl, postgres, pg_isready and psql.

``dial`` (the clients' requests and replies; the connection itself is net/dial.py, shared with nc).
"""

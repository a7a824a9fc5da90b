# Stand-in for temporalio/admin-tools, as much of it as our schema job uses: the Go-built
# `temporal-sql-tool` (dev/temporal-stack.sh), with the server's schema embedded, and a shell.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
COPY temporal-sql-tool /usr/local/bin/temporal-sql-tool
CMD ["temporal-sql-tool", "--help"]

# Stand-in for temporalio/server: the Go-built server (dev/temporal-server.sh) as `temporal-server`,
# wget for the compose healthcheck (Debian base), config under /etc/temporal as in the official image.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
COPY temporal-server /usr/local/bin/temporal-server
RUN useradd --uid 1000 --user-group --no-create-home temporal && mkdir -p /etc/temporal
USER temporal
WORKDIR /etc/temporal
EXPOSE 7233
ENTRYPOINT ["temporal-server"]

# Stand-in for temporalio/ui: the Go-built UI server (dev/temporal-ui.sh) in /home/ui-server, reading
# config/docker.yaml as the official image does (compose mounts ours there); wget for its healthcheck.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
RUN useradd --uid 1000 --user-group --create-home --home-dir /home/ui-server temporal && mkdir -p /home/ui-server/config
COPY ui-server /home/ui-server/ui-server
USER temporal
WORKDIR /home/ui-server
EXPOSE 8080
ENTRYPOINT ["./ui-server", "--root", "/home/ui-server", "--config", "config", "--env", "docker", "start"]

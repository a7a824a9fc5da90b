# The stand-ins' Debian: the debootstrap tree, trusting the certificate authorities this machine
# trusts (its egress to the npm registry is re-signed by one of them). A layer of its own, rebuilt
# when they change: the cached tree never holds them.
ARG BOOTSTRAP_IMAGE
FROM ${BOOTSTRAP_IMAGE}
COPY ca-certificates/ /usr/local/share/ca-certificates/
RUN update-ca-certificates >/dev/null

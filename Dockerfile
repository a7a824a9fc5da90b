# syntax=docker/dockerfile:1
# The onboarding's image: the compiled code (npm run build, with the workflow bundle made once),
# production dependencies only, on Node 24 LTS, the very version the tests run on (dev/node.sh).
# One image for the worker (default command) and the Temporal setup job (`node dist/cmd/setup.js`);
# the sandbox is its own target (`--target sandbox`), never part of the production image.
ARG NODE_IMAGE=node:24.22.3-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The commit in the build id (dist/build-id; .git is not in the context): --build-arg ONBOARDING_BUILD_COMMIT=$(git rev-parse HEAD).
# Without it the build id names the workflow bundle's hash, as unique per workflow code.
ARG ONBOARDING_BUILD_COMMIT=
RUN npm run build \
 && mkdir /out \
 && cp -R dist package.json /out/ \
 && rm -rf /out/dist/dev /out/dist/cmd/sandbox.js* /out/dist/providers/*/emulator.js*

FROM ${NODE_IMAGE} AS production-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# The emulated providers, for trying the stack without real ones (compose profile "sandbox").
FROM ${NODE_IMAGE} AS sandbox
WORKDIR /app
ENV NODE_ENV=production SANDBOX_HOST=0.0.0.0 SANDBOX_PORT=4010
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 4010
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:4010/_sandbox/counters').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/cmd/sandbox.js"]

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    LOG_LEVEL=info \
    ONBOARDING_HEALTH_ADDRESS=127.0.0.1:8081 \
    ONBOARDING_METRICS_ADDRESS=0.0.0.0:9464
COPY --from=production-deps /app/node_modules ./node_modules
COPY --from=build /out/ ./
USER node
# Prometheus scrapes /metrics here (the SDK's metrics and ours); nothing else listens beyond the container.
EXPOSE 9464
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=3 CMD ["node", "dist/cmd/worker-healthcheck.js"]
# node itself, not npm or npx: SIGTERM reaches the worker, which drains before it exits.
CMD ["node", "dist/cmd/worker.js"]

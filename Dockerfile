# syntax=docker/dockerfile:1
# Build stage: compiles TypeScript, bundles it (scripts/bundle.mjs) and the native SQLite binding.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json nest-cli.json ./
COPY scripts/bundle.mjs ./scripts/
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Runtime stage: only the build output and production dependencies, as a non-root user.
# node_modules stays: the bundle loads native addons, mysql2 and Swagger UI's assets from it.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
# Writable by the app only for the embedded SQLite default (compose uses MySQL).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node itself is PID 1's child under `init: true` (compose) and handles SIGTERM:
# it finishes requests in flight, closes MySQL and Redis, and exits 0.
# The flags are those of `npm run start:prod` (package.json; bench/README.md says why).
CMD ["node", "--max-semi-space-size=8", "--max-old-space-size=256", "--no-allocation-site-pretenuring", "dist/main.bundle.js"]

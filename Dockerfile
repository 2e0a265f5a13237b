# One image for the api, worker and projector services (see docker-compose.yml).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm run build:web

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production LEDGER_MODE=production
COPY --from=build /app /app
USER node

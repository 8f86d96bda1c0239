# CrowdMRI Explorer for labs that host it themselves: the static build served by nginx with the
# headers in deploy/nginx.conf (CSP with frame-ancestors, cache rules). See README "Deploy".
#   docker build -t crowdmri-explorer . && docker run --rm -p 8080:8080 crowdmri-explorer
# BUILD_ID names the build in the app's footer and About (default: the git commit if .git is in
# the context, else "local").

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
ARG BUILD_ID=""
ARG SOURCE_DATE_EPOCH=""
ENV BUILD_ID=${BUILD_ID} SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH}
RUN npm run build

FROM nginx:1.27-alpine
COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/dist /usr/share/nginx/html
EXPOSE 8080

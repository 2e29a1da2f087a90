# The application image, used by both the web and the worker services of docker-compose.yml.
FROM node:20-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# Pango for WeasyPrint, one font family for the PDFs, gettext to compile the translations.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2 gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY --from=assets /app/node_modules ./node_modules
COPY . .
RUN DEBUG=1 DEV_TOOLS=0 python manage.py compilemessages --ignore=node_modules -v 0
RUN useradd --create-home --uid 1000 poc && mkdir -p /data/media && chown poc /data/media /app
USER poc
EXPOSE 8000

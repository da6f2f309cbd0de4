# One image for web, worker and beat; docker-compose.yml chooses the command.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

COPY pyproject.toml constraints.txt README.md ./
RUN pip install --no-cache-dir -c constraints.txt "setuptools<81" wheel \
    && pip install --no-cache-dir --no-build-isolation -c constraints.txt .

COPY . .
RUN DEBUG=1 STATIC_MANIFEST=1 python manage.py collectstatic --no-input \
    && useradd --system --home /app mentoring && chown -R mentoring /app/var
USER mentoring

EXPOSE 8000
CMD ["gunicorn", "mentorship.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

"""gunicorn's settings for Arbeitskreis (read from the working directory: ``gunicorn arbeitskreis.wsgi``)."""

# The access log on standard output, with personal link tokens masked (arbeitskreis/log.py).
accesslog = "-"
logger_class = "arbeitskreis.log.GunicornLogger"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

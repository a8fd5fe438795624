"""`make bench`: sending a numéro of the lettre to 10,000 subscribers, as the worker does.

The demo magazine is loaded into a throw-away database (SQLite in a temporary directory, then
PostgreSQL: DATABASE_URL's server, or a throw-away cluster from tools/pg-throwaway), 10,000
confirmed subscribers are added, and a numéro is sent through a mail server on 127.0.0.1 that
accepts and discards everything (aiosmtpd's Sink, in a process of its own): the time to queue
the deliveries, then e-mails per second of the worker's sending threads (NEWSLETTER_CONNECTIONS,
no rate limit, 100 a batch, one SMTP connection a batch each), once without and once with a
DKIM signature. The memory of the sending process is read after 2,000 e-mails and after
10,000: flat, it does not grow with the list.

Usage: python bench/newsletter.py [--subscribers 10000] [--databases sqlite,postgresql]
"""

import argparse
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
PYTHON = sys.executable
THROWAWAY = ROOT / "tools" / "pg-throwaway"
RESULT_PREFIX = "LETTRE_JSON "
TARGET_PER_SECOND = 300


def log(message):
    print(message, file=sys.stderr, flush=True)  # noqa: T201


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _rss_mb():
    """This process's resident memory now (the peak since start-up would be load_demo's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- in the child process: one database -----------------------------------------------------


def _subscribers(count):
    from django.utils import timezone

    from magazine.newsletter.models import Subscriber

    Subscriber.objects.all().delete()
    now = timezone.now()
    Subscriber.objects.bulk_create(
        (
            Subscriber(
                email=f"lecteur{n}@example.org",
                state=Subscriber.State.CONFIRMED,
                consent_version="bench",
                confirmed_at=now,
                last_active_at=now,
            )
            for n in range(count)
        ),
        batch_size=2000,
    )


def _numero(subject):
    from magazine.articles.models import ArticlePage
    from magazine.newsletter.models import Issue, IssueArticle

    issue = Issue.objects.create(subject=subject, introduction="<p>Ce mois-ci, le bench.</p>")
    for order, article in enumerate(ArticlePage.objects.published()[:5]):
        IssueArticle.objects.create(issue=issue, article=article, sort_order=order)
    return issue


def _send(subject, count):
    from magazine.newsletter import delivery, queueing

    issue = _numero(subject)
    began = time.perf_counter()
    queueing.send_issue(issue)
    queued = time.perf_counter() - began
    from django.conf import settings
    from django.db import connection

    connection.close()  # each thread its own
    began, sent, rss, lock = time.perf_counter(), [0], {}, threading.Lock()

    def work():  # as each of the worker's sending threads does, without its rate limit
        while took := delivery.deliver(size=100, rate=0):
            with lock:
                sent[0] += took
                if sent[0] >= 2000 and "2000" not in rss:
                    rss["2000"] = _rss_mb()
        connection.close()

    threads = [threading.Thread(target=work) for _ in range(settings.NEWSLETTER_CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds, sent = time.perf_counter() - began, sent[0]
    rss[str(count)] = _rss_mb()
    return {
        "queued_s": round(queued, 2),
        "sent": sent,
        "seconds": round(seconds, 2),
        "per_second": round(sent / seconds, 1),
        "rss_mb": {key: round(value, 1) for key, value in rss.items()},
    }


def run_child(options):
    from corpus import configure, load_demo

    with tempfile.TemporaryDirectory(prefix="lemag-bench-lettre-") as workdir:
        port = _free_port()
        sink = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                f"127.0.0.1:{port}",
                "-c",
                "aiosmtpd.handlers.Sink",
            ],
        )
        key = Path(workdir) / "dkim.pem"
        subprocess.run(
            ["openssl", "genrsa", "-out", str(key), "2048"], check=True, capture_output=True
        )
        os.environ.update(
            {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(port),
            }
        )
        configure(workdir)
        from django.conf import settings
        from django.db import connection

        log(f"{connection.vendor} : chargement du magazine de démonstration…")
        drop_database = load_demo()
        try:
            _subscribers(options.subscribers)
            log(f"{connection.vendor} : {options.subscribers} abonné·es ; envoi d’un numéro…")
            plain = _send("Sans signature", options.subscribers)
            log(f"{connection.vendor} : {plain}")
            settings.NEWSLETTER_DKIM_KEY_FILE = str(key)
            settings.NEWSLETTER_DKIM_DOMAIN = "lemag.example"
            signed = _send("Signé DKIM", options.subscribers)
            log(f"{connection.vendor} : {signed}")
        finally:
            sink.terminate()
            sink.wait()
            connection.close()
            if drop_database:
                drop_database()
    result = {
        "database": connection.vendor,
        "subscribers": options.subscribers,
        "plain": plain,
        "dkim": signed,
    }
    print(RESULT_PREFIX + json.dumps(result), flush=True)  # noqa: T201


# --- in the parent process --------------------------------------------------------------------


def child_command(database, options):
    command = [PYTHON, __file__, "--child", "--subscribers", str(options.subscribers)]
    url = os.environ.get("DATABASE_URL", "")
    if database == "sqlite":
        return command, {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if url.startswith(("postgres://", "postgresql://")):
        return command, dict(os.environ)
    if subprocess.run([THROWAWAY, "--available"], capture_output=True).returncode == 0:
        return [str(THROWAWAY), *command], dict(os.environ)
    log("PostgreSQL ignoré : définissez DATABASE_URL=postgres://… ou installez PostgreSQL.")
    return None, None


def print_table(result):
    lines = [f"\nLa lettre : un numéro à {result['subscribers']} abonné·es, {result['database']}"]
    for name, label in (("plain", "sans DKIM"), ("dkim", "avec DKIM")):
        run = result[name]
        flag = "" if run["per_second"] >= TARGET_PER_SECOND else f"  ← sous {TARGET_PER_SECOND}/s"
        rss = ", ".join(f"{mb} Mo après {n}" for n, mb in run["rss_mb"].items())
        lines.append(
            f"{label:<10} file d’envoi {run['queued_s']:.2f} s ; {run['sent']} courriels en "
            f"{run['seconds']:.1f} s : {run['per_second']:.0f}/s{flag} ; mémoire {rss}"
        )
    print("\n".join(lines))  # noqa: T201


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        run_child(options)
        return
    for database in options.databases.split(","):
        command, env = child_command(database.strip(), options)
        if command is None:
            continue
        process = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True)
        lines = [line for line in process.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
        if process.returncode or not lines:
            raise SystemExit(f"bench/newsletter.py : échec de la mesure sur {database}")
        print_table(json.loads(lines[-1].removeprefix(RESULT_PREFIX)))


if __name__ == "__main__":
    main()

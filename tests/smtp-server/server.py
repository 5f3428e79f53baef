"""A real SMTP server for the e-mail adapter's tests (Debian's python3-aiosmtpd; run with /usr/bin/python3).

Listens on 127.0.0.1 (port 0 = ephemeral) and prints "LISTENING <port>" once bound. Each delivered message is
written to OUT/NNNN.json: envelope, decoded headers, plain-text body, whether the session used TLS and which user
authenticated. Replies can be forced while running: if OUT/control/MAIL (or RCPT) exists, its first line is the
reply to that command (e.g. "451 4.3.0 try later" or "550 5.7.1 sender refused"); OUT/control/"RCPT <address>"
forces the reply for one recipient only; OUT/control/NOOP the reply to NOOP (a client's health check). Exits when stdin closes, so a
test run that dies does not leave the server behind.

Options: --out DIR  --port N  --cert FILE --key FILE (offer STARTTLS)  --require-tls
         --implicit-tls (with --cert/--key: TLS from the first byte, as on port 465, instead of STARTTLS)
Credentials (AUTH required when set): environment SMTP_TEST_USERNAME and SMTP_TEST_PASSWORD.
"""
import argparse
import asyncio
import email
import email.policy
import json
import logging
import os
import ssl
import sys
import threading

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def forced_reply(out, command):
    path = os.path.join(out, "control", command)
    try:
        with open(path, encoding="utf-8") as f:
            return f.readline().strip() or None
    except FileNotFoundError:
        return None


class Recorder:
    def __init__(self, out):
        self.out = out
        self.count = 0

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        reply = forced_reply(self.out, "MAIL")
        if reply:
            return reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = forced_reply(self.out, "RCPT " + address) or forced_reply(self.out, "RCPT")
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_NOOP(self, server, session, envelope, arg):
        return forced_reply(self.out, "NOOP") or "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            # STARTTLS sets session.ssl; an implicit-TLS session is TLS from its transport on.
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            "authenticated_as": session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None,
            "headers": [[name, str(value)] for name, value in message.items()],
            # SMTP carries 8bit text with CRLF line ends; record lines as a mail client shows them.
            "body": body.get_content().replace("\r\n", "\n") if body is not None else "",
        }
        self.count += 1
        path = os.path.join(self.out, "%04d.json" % self.count)
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.replace(path + ".tmp", path)
        return "250 Message accepted for delivery"


class Server(SMTP):
    """aiosmtpd 1.4 matches AUTH mechanism names as written, but RFC 4954 makes them case-insensitive and
    some clients send "AUTH login" (as real servers such as Postfix accept)."""

    async def smtp_AUTH(self, arg):
        if arg:
            mechanism, _, rest = arg.partition(" ")
            arg = mechanism.upper() + (" " + rest if rest else "")
        return await super().smtp_AUTH(arg)


def authenticator(username, password):
    def check(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword) and auth_data.login.decode() == username and auth_data.password.decode() == password:
            return AuthResult(success=True, auth_data=auth_data)
        return AuthResult(success=False, handled=False)
    return check


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--require-tls", action="store_true")
    parser.add_argument("--implicit-tls", action="store_true")
    args = parser.parse_args()
    # The SMTP dialogue, for debugging a client: commands and replies (aiosmtpd masks AUTH secrets).
    logging.basicConfig(filename=os.path.join(args.out, "..", "smtp.log"), level=logging.DEBUG)
    os.makedirs(os.path.join(args.out, "control"), exist_ok=True)

    tls = None
    if args.cert:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.cert, args.key)

    username = os.environ.get("SMTP_TEST_USERNAME")
    password = os.environ.get("SMTP_TEST_PASSWORD")
    recorder = Recorder(args.out)
    loop = asyncio.get_running_loop()

    def factory():
        return Server(
            recorder,
            hostname="smtp.test",
            tls_context=None if args.implicit_tls else tls,
            require_starttls=args.require_tls,
            authenticator=authenticator(username, password) if username else None,
            auth_required=bool(username),
            # aiosmtpd counts only STARTTLS as TLS; an implicit-TLS session is encrypted from the start.
            auth_require_tls=tls is not None and not args.implicit_tls,
            loop=loop,
        )

    server = await loop.create_server(factory, "127.0.0.1", args.port, ssl=tls if args.implicit_tls else None)
    print("LISTENING %d" % server.sockets[0].getsockname()[1], flush=True)

    stdin_closed = asyncio.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), loop.call_soon_threadsafe(stdin_closed.set)), daemon=True).start()
    await stdin_closed.wait()
    server.close()


if __name__ == "__main__":
    asyncio.run(main())

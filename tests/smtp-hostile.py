#!/usr/bin/python3
# smtp-hostile.py: a scripted SMTP server that behaves well or badly on purpose, for the tests.
# SPDX-License-Identifier: GPL-3.0-or-later
"""A scripted SMTP server for the tests, well-behaved or hostile.

  /usr/bin/python3 tests/smtp-hostile.py --scenario NAME --port 0 --log FILE
      [--cert FILE --key FILE] [--user U --password P] [variant options]

Listens on 127.0.0.1 (or --host ::1), prints "READY <port>" on stdout once it
accepts connections, and serves them, each in its own thread, until SIGTERM.
On SIGUSR1 it accepts every connection waiting in the backlog, then prints
"SYNC". Every event goes to --log as one JSON object per line:

  {"t": 0.012, "conn": 1, "event": "connect"|"recv"|"send"|"tls"|"auth"|"close",
   "data": "..."}

"recv" is one line from the client (or the raw bytes where no line is
expected), "send" one write to the socket, both as text with their CRLF. An
"auth" event also has "mechanism", "user", "password_sent" (the password or a
proof of it crossed the wire), "password_ok" and "tls" (whether the exchange
was encrypted). "tls" events have "version" and "cipher" after a handshake.

Only the standard library: blocking sockets and one thread per connection keep
every scenario a plain sequence of sends and reads, which hostile scenarios
need (exact bytes per send(), peeking at a ClientHello, RST on close).
"""

import argparse
import base64
import hashlib
import hmac
import itertools
import json
import os
import secrets
import selectors
import signal
import socket
import ssl
import struct
import sys
import threading
import time
import traceback
import warnings

HOSTNAME = "mail.example.test"
GREETING = b"220 mail.example.test ESMTP\r\n"
SIZE_LIMIT = 10240000
MAX_INPUT = 64 * 1024     # never more input than this buffered per connection
IDLE_TIMEOUT = 120        # seconds without a byte from the client
CLOSE_TIMEOUT = 1         # seconds to wait for the client's side of a close
MAX_CONNECTIONS = 32
MAX_ERRORS = 20
LOG_DATA_MAX = 512

# TLS alert records (TLS 1.0 record version): fatal protocol_version (70) and
# fatal handshake_failure (40).
ALERT_PROTOCOL_VERSION = b"\x15\x03\x01\x00\x02\x02\x46"
ALERT_HANDSHAKE_FAILURE = b"\x15\x03\x01\x00\x02\x02\x28"


class Closed(Exception):
  """The connection is over; the message says why."""


# ---------------------------------------------------------------------------
# The log


class Log:
  def __init__(self, path):
    self.start = time.monotonic()
    self.lock = threading.Lock()
    self.file = open(path, "a", encoding="utf-8")

  def event(self, conn_id, event, data="", **extra):
    record = {"t": round(time.monotonic() - self.start, 3), "conn": conn_id, "event": event,
              "data": data}
    record.update(extra)
    line = json.dumps(record) + "\n"
    with self.lock:
      self.file.write(line)
      self.file.flush()


# Control characters other than CR, LF and tab are logged as \xNN, as
# invalid UTF-8 is: a NUL in the middle of "data" would cut it short for C.
CONTROL_ESCAPES = {c: "\\x%02x" % c for c in list(range(0x20)) + [0x7f] if chr(c) not in "\r\n\t"}


def as_text(data):
  """Bytes as log text: UTF-8 where it is, \\xNN escapes where not, long data cut."""
  text = data[:LOG_DATA_MAX].decode("utf-8", "backslashreplace").translate(CONTROL_ESCAPES)
  if len(data) > LOG_DATA_MAX:
    text += "...[%d bytes in all]" % len(data)
  return text


# ---------------------------------------------------------------------------
# One connection: exact sends, bounded line reads, TLS, the ways to close


class Conn:
  def __init__(self, sock, peer, conn_id, log):
    self.sock = sock
    self.peer = peer
    self.id = conn_id
    self.log = log
    self.inbuf = b""
    self.outbuf = b""
    self.tls = False
    self.closed = False
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.settimeout(IDLE_TIMEOUT)

  def event(self, event, data="", **extra):
    self.log.event(self.id, event, data, **extra)

  def send(self, data):
    """Writes data now, in one send() call as far as the kernel takes it."""
    self.event("send", as_text(data))
    try:
      self.sock.sendall(data)
    except (OSError, ssl.SSLError) as e:
      raise Closed("send failed: %s" % e)

  def reply(self, line):
    """Queues a reply line; queued replies go out in one send before the next read
    (how a server that offers PIPELINING answers a group of commands)."""
    self.outbuf += line.encode() + b"\r\n"

  def flush(self):
    if self.outbuf:
      data, self.outbuf = self.outbuf, b""
      self.send(data)

  def recv_some(self, timeout=IDLE_TIMEOUT):
    """At most what fits under MAX_INPUT; Closed at the end of the stream."""
    self.flush()
    room = MAX_INPUT - len(self.inbuf)
    if room <= 0:
      self.abuse()
    try:
      self.sock.settimeout(timeout)
      data = self.sock.recv(min(room, 16384))
    except socket.timeout:
      raise Closed("idle for %s s" % timeout)
    except (OSError, ssl.SSLError) as e:
      raise Closed("receive failed: %s" % e)
    finally:
      self.sock.settimeout(IDLE_TIMEOUT)
    if not data:
      raise Closed("client closed")
    return data

  def readline(self):
    """One command line without its line end, logged as received."""
    while b"\n" not in self.inbuf:
      self.inbuf += self.recv_some()
    line, _, self.inbuf = self.inbuf.partition(b"\n")
    line += b"\n"
    # More input already here means the client sent it before our reply.
    extra = {"pipelined": True} if self.inbuf else {}
    self.event("recv", as_text(line), **extra)
    return line.rstrip(b"\r\n").decode("utf-8", "replace")

  def peek(self, timeout):
    """The first bytes waiting on a plain socket, without taking them: b"" at
    the end of the stream, None when nothing came within timeout."""
    self.flush()
    if self.inbuf:
      return self.inbuf
    try:
      self.sock.settimeout(timeout)
      return self.sock.recv(16, socket.MSG_PEEK)
    except socket.timeout:
      return None
    except OSError as e:
      raise Closed("receive failed: %s" % e)
    finally:
      self.sock.settimeout(IDLE_TIMEOUT)

  def take_raw(self, what, timeout=5):
    """Reads and logs whatever bytes are waiting (or come within timeout), as one "recv" event."""
    data = self.inbuf or self.recv_some(timeout)
    self.inbuf = b""
    self.event("recv", as_text(data), what=what)
    return data

  def discard_until_closed(self):
    """Reads and logs what the client sends, answering nothing, until it goes."""
    total = 0
    while True:
      data = self.inbuf or self.recv_some()
      self.inbuf = b""
      total += len(data)
      self.event("recv", as_text(data))
      if total > MAX_INPUT:
        self.abuse()

  def start_tls(self, context):
    """The server side of a TLS handshake on this socket."""
    self.flush()
    if self.inbuf:
      # Plaintext the client sent after STARTTLS must not count as encrypted.
      self.event("tls", "discarded %d plaintext bytes sent after STARTTLS: %s"
                 % (len(self.inbuf), as_text(self.inbuf)))
      self.inbuf = b""
    try:
      self.sock.settimeout(10)
      self.sock = context.wrap_socket(self.sock, server_side=True)
    except (OSError, ssl.SSLError, ValueError) as e:
      # wrap_socket took the file descriptor and closed it.
      self.closed = True
      self.event("tls", "handshake failed: %s" % e)
      raise Closed("TLS handshake failed")
    self.sock.settimeout(IDLE_TIMEOUT)
    self.tls = True
    version, cipher = self.sock.version(), self.sock.cipher()[0]
    self.event("tls", "%s %s" % (version, cipher), version=version, cipher=cipher)

  def close(self):
    """An orderly close: close_notify over TLS, FIN, then a bounded wait for the
    client's FIN so that unread input does not turn our FIN into an RST."""
    if self.closed:
      return
    self.closed = True
    try:
      self.flush()
    except Closed:
      pass
    try:
      if self.tls:
        # Non-blocking: send our close_notify without waiting for the client's.
        self.sock.settimeout(0)
        try:
          self.sock = self.sock.unwrap()
        except (OSError, ssl.SSLError, ValueError):
          pass
      self.sock.settimeout(CLOSE_TIMEOUT)
      self.sock.shutdown(socket.SHUT_WR)
      deadline = time.monotonic() + CLOSE_TIMEOUT
      drained = 0
      while time.monotonic() < deadline and drained < MAX_INPUT:
        data = self.sock.recv(4096)
        if not data:
          break
        drained += len(data)
    except (OSError, ssl.SSLError, ValueError):
      pass
    self.sock.close()

  def reset(self):
    """Closes with an RST (SO_LINGER 0), as a crashing server or a middlebox does."""
    self.closed = True
    try:
      self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
      pass
    self.sock.close()

  def abuse(self):
    """Ends a connection that sends more than MAX_INPUT bytes without a line end."""
    size = len(self.inbuf)
    self.inbuf = b""
    try:
      self.send(b"500 5.5.6 Line too long\r\n")
    except Closed:
      pass
    self.reset()
    raise Closed("input limit exceeded: %d bytes without a line end" % max(size, MAX_INPUT))


# ---------------------------------------------------------------------------
# A submission server as it should be; hostile scenarios change one part of it


def b64decode(text):
  return base64.b64decode(text.strip(), validate=True)


def b64encode(data):
  return base64.b64encode(data).decode()


class Session:
  """SMTP submission: EHLO, STARTTLS, AUTH, MAIL, RCPT, RSET, QUIT; never DATA.

  offer_starttls: advertise STARTTLS before TLS (default: when there is a certificate).
  auth_in_clear:  advertise AUTH before TLS too.
  ehlo_raw:       the exact bytes to answer EHLO with, instead of the capabilities.
  on_starttls:    a function (session) that answers STARTTLS instead.
  mechanisms:     the AUTH mechanisms offered (default: --auth-mechs).
  """

  def __init__(self, conn, opts, offer_starttls=None, auth_in_clear=False, ehlo_raw=None,
               on_starttls=None, mechanisms=None):
    self.conn = conn
    self.opts = opts
    self.offer_starttls = opts.tls is not None if offer_starttls is None else offer_starttls
    self.auth_in_clear = auth_in_clear
    self.ehlo_raw = ehlo_raw
    self.on_starttls = on_starttls
    self.mechanisms = (mechanisms or opts.auth_mechs).upper().split()
    self.errors = 0
    self.reset_state()

  def reset_state(self):
    self.ehlo_done = False
    self.authed = False
    self.in_mail = False
    self.rcpts = 0

  def auth_offered(self):
    return self.conn.tls or self.auth_in_clear

  def run(self, greeting=GREETING):
    conn = self.conn
    if greeting:
      conn.send(greeting)
    while True:
      line = conn.readline()
      verb, _, arg = line.partition(" ")
      handler = self.COMMANDS.get(verb.upper())
      if handler is None:
        self.error("502 5.5.2 Error: command not recognized" if line.strip()
                   else "500 5.5.2 Error: bad syntax")
        continue
      handler(self, arg.strip())

  def error(self, line):
    self.conn.reply(line)
    self.errors += 1
    if self.errors >= MAX_ERRORS:
      self.conn.reply("421 4.7.0 mail.example.test Error: too many errors")
      self.conn.close()
      raise Closed("too many errors")

  def capabilities(self):
    address = self.conn.peer[0]
    lines = ["%s Hello [%s%s]" % (HOSTNAME, "IPv6:" if ":" in address else "", address)]
    if not self.opts.no_pipelining:
      lines.append("PIPELINING")
    if not self.opts.no_size:
      lines.append("SIZE %d" % SIZE_LIMIT)
    lines.append("8BITMIME")
    if self.offer_starttls and not self.conn.tls:
      lines.append("STARTTLS")
    if self.auth_offered() and self.mechanisms:
      lines.append("AUTH " + " ".join(self.mechanisms))
    lines.append("ENHANCEDSTATUSCODES")
    return lines

  def cmd_ehlo(self, arg):
    if not arg:
      self.error("501 5.5.4 Syntax: EHLO hostname")
      return
    self.reset_state()
    self.ehlo_done = True
    if self.ehlo_raw is not None:
      self.conn.flush()
      self.conn.send(self.ehlo_raw)
      return
    lines = self.capabilities()
    for line in lines[:-1]:
      self.conn.reply("250-" + line)
    self.conn.reply("250 " + lines[-1])

  def cmd_helo(self, arg):
    self.reset_state()
    self.ehlo_done = True
    self.conn.reply("250 " + HOSTNAME)

  def cmd_starttls(self, arg):
    if self.conn.tls:
      self.error("554 5.5.1 Error: TLS already active")
    elif not self.offer_starttls:
      self.error("502 5.5.1 Error: command not implemented")
    elif arg:
      self.error("501 5.5.4 Syntax: STARTTLS")
    elif self.on_starttls is not None:
      self.on_starttls(self)
    else:
      self.conn.reply("220 2.0.0 Ready to start TLS")
      self.conn.start_tls(self.opts.tls)
      self.reset_state()

  # AUTH: every exchange ends in one "auth" event that says what crossed the wire.

  def log_auth(self, mechanism, user, password_sent, password_ok):
    tls = self.conn.tls
    self.conn.event("auth", "%s user=%s password_sent=%s password_ok=%s tls=%s"
                    % (mechanism, user, str(password_sent).lower(), str(password_ok).lower(),
                       str(tls).lower()),
                    mechanism=mechanism, user=user, password_sent=password_sent,
                    password_ok=password_ok, tls=tls)

  def check(self, user, password):
    return (hmac.compare_digest(user.encode(), self.opts.user.encode())
            and hmac.compare_digest(password.encode(), self.opts.password.encode()))

  def ask(self, challenge):
    """One round of an AUTH exchange: None when the client cancels with "*"."""
    self.conn.reply("334 " + challenge)
    answer = self.conn.readline()
    return None if answer.strip() == "*" else answer

  def auth_plain(self, initial):
    response = initial if initial else self.ask("")
    if response is None:
      return None
    parts = b64decode(response).decode("utf-8", "replace").split("\0")
    if len(parts) != 3:
      raise ValueError("not authzid NUL authcid NUL password")
    return parts[1], True, self.check(parts[1], parts[2])

  def auth_login(self, initial):
    user = initial if initial else self.ask(b64encode(b"Username:"))
    if user is None:
      return None
    user = b64decode(user).decode("utf-8", "replace")
    password = self.ask(b64encode(b"Password:"))
    if password is None:
      self.log_auth("LOGIN", user, False, False)
      return None
    return user, True, self.check(user, b64decode(password).decode("utf-8", "replace"))

  def auth_cram_md5(self, initial):
    challenge = "<%s.%d@%s>" % (secrets.token_hex(8), int(time.time()), HOSTNAME)
    response = self.ask(b64encode(challenge.encode()))
    if response is None:
      return None
    user, _, digest = b64decode(response).decode("utf-8", "replace").rpartition(" ")
    expected = hmac.new(self.opts.password.encode(), challenge.encode(), hashlib.md5).hexdigest()
    ok = (hmac.compare_digest(user.encode(), self.opts.user.encode())
          and hmac.compare_digest(digest.encode(), expected.encode()))
    return user, True, ok

  def auth_oauth(self, initial, mechanism):
    # The test server never accepts a token: it fails as Gmail does, with a
    # JSON error in a 334 that the client acknowledges with an empty line.
    response = initial if initial else self.ask("")
    if response is None:
      return None
    fields = b64decode(response).decode("utf-8", "replace").split("\x01")
    user = ""
    for field in fields:
      if field.startswith("user="):
        user = field[5:]
      elif field.startswith("n,") and ",a=" in field:
        user = field.split(",a=", 1)[1].split(",", 1)[0]
    error = {"status": "invalid_token", "schemes": "bearer", "scope": "https://mail.example.test/"}
    self.ask(b64encode(json.dumps(error).encode()))
    return user, True, False

  def credentials_in(self, mechanism, initial):
    """Logs the credentials an initial response carried, when it is refused at once."""
    if not initial:
      return
    try:
      if mechanism == "PLAIN":
        parts = b64decode(initial).decode("utf-8", "replace").split("\0")
        if len(parts) == 3:
          self.log_auth(mechanism, parts[1], True, self.check(parts[1], parts[2]))
          return
      elif mechanism == "LOGIN":
        self.log_auth(mechanism, b64decode(initial).decode("utf-8", "replace"), False, False)
        return
    except ValueError:
      pass
    self.log_auth(mechanism, None, True, False)

  def cmd_auth(self, arg):
    mechanism, _, initial = arg.partition(" ")
    mechanism = mechanism.upper()
    initial = "" if initial.strip() == "=" else initial.strip()
    override = self.opts.auth_reply
    if not mechanism:
      refusal = "501 5.5.4 Syntax: AUTH mechanism"
    elif not self.ehlo_done:
      refusal = "503 5.5.1 Error: send EHLO first"
    elif self.authed:
      refusal = "503 5.5.1 Error: already authenticated"
    elif not self.auth_offered():
      refusal = "530 5.7.0 Must issue a STARTTLS command first"
    elif override and override[:3] in ("530", "538"):
      # The refusals that come before any credentials.
      refusal = override
    else:
      refusal = None
    if refusal:
      # Whatever the reply, a password in the initial response has gone out.
      self.credentials_in(mechanism, initial)
      self.error(refusal)
      return
    handlers = {
      "PLAIN": self.auth_plain,
      "LOGIN": self.auth_login,
      "CRAM-MD5": self.auth_cram_md5,
      "XOAUTH2": lambda i: self.auth_oauth(i, "XOAUTH2"),
      "OAUTHBEARER": lambda i: self.auth_oauth(i, "OAUTHBEARER"),
    }
    if mechanism not in self.mechanisms or mechanism not in handlers:
      self.credentials_in(mechanism, initial)
      self.error("504 5.5.4 Unrecognized authentication type")
      return
    try:
      result = handlers[mechanism](initial)
    except (ValueError, UnicodeError):
      self.log_auth(mechanism, None, True, False)
      self.error("501 5.5.2 Cannot decode response")
      return
    if result is None:
      self.error("501 5.7.0 Authentication aborted")
      return
    user, password_sent, ok = result
    self.log_auth(mechanism, user, password_sent, ok)
    if override:
      self.error(override)
    elif ok:
      self.authed = True
      self.conn.reply("235 2.7.0 Authentication successful")
    else:
      self.error("535 5.7.8 Error: authentication failed: authentication failure")

  def cmd_mail(self, arg):
    if not self.ehlo_done:
      self.error("503 5.5.1 Error: send HELO/EHLO first")
      return
    if self.mechanisms and not self.authed and not self.opts.allow_anonymous:
      self.error("530 5.7.0 Authentication required")
      return
    if self.in_mail:
      self.error("503 5.5.1 Error: nested MAIL command")
      return
    if not arg.upper().startswith("FROM:"):
      self.error("501 5.5.4 Syntax: MAIL FROM:<address>")
      return
    rest = arg[5:].strip()
    if rest.startswith("<") and ">" not in rest:
      self.error("501 5.1.7 Bad sender address syntax")
      return
    end = rest.find(">") + 1 if rest.startswith("<") else len(rest.split(" ", 1)[0])
    for param in rest[end:].split():
      key, _, value = param.partition("=")
      key = key.upper()
      if key == "SIZE" and not self.opts.no_size:
        if not value.isdigit():
          self.error("501 5.5.4 Bad SIZE parameter")
          return
        if int(value) > SIZE_LIMIT:
          self.error("552 5.3.4 Message size exceeds fixed limit")
          return
      elif key == "BODY" and value.upper() in ("7BIT", "8BITMIME"):
        pass
      else:
        self.error("555 5.5.4 Unsupported option: %s" % param)
        return
    if self.opts.mail_reply:
      if self.opts.mail_reply.startswith("2"):
        self.in_mail = True
      self.conn.reply(self.opts.mail_reply)
      return
    self.in_mail = True
    self.rcpts = 0
    self.conn.reply("250 2.1.0 Ok")

  def cmd_rcpt(self, arg):
    if not self.in_mail:
      self.error("503 5.5.1 Error: need MAIL command")
    elif not arg.upper().startswith("TO:"):
      self.error("501 5.5.4 Syntax: RCPT TO:<address>")
    elif self.opts.rcpt_reply:
      self.conn.reply(self.opts.rcpt_reply)
    else:
      self.rcpts += 1
      self.conn.reply("250 2.1.5 Ok")

  def cmd_data(self, arg):
    # A checkup must never send a message: the "recv" event of DATA shows it did.
    self.error("554 5.7.0 This test server accepts no message data")

  def cmd_rset(self, arg):
    self.in_mail = False
    self.rcpts = 0
    self.conn.reply("250 2.0.0 Ok")

  def cmd_noop(self, arg):
    self.conn.reply("250 2.0.0 Ok")

  def cmd_vrfy(self, arg):
    self.conn.reply("252 2.0.0 Cannot VRFY user")

  def cmd_quit(self, arg):
    self.conn.reply("221 2.0.0 Bye")
    self.conn.close()
    raise Closed("QUIT")

  COMMANDS = {
    "EHLO": cmd_ehlo, "HELO": cmd_helo, "STARTTLS": cmd_starttls, "AUTH": cmd_auth,
    "MAIL": cmd_mail, "RCPT": cmd_rcpt, "DATA": cmd_data, "RSET": cmd_rset, "NOOP": cmd_noop,
    "VRFY": cmd_vrfy, "QUIT": cmd_quit,
  }


# ---------------------------------------------------------------------------
# The scenarios: name -> function (conn, opts)

SCENARIOS = {}


def scenario(name, needs_cert=False):
  def register(func):
    func.needs_cert = needs_cert
    SCENARIOS[name] = func
    return func
  return register


def wait_for_ehlo(conn):
  """Greets, then reads until EHLO (answering anything else with 250)."""
  conn.send(GREETING)
  while True:
    line = conn.readline()
    if line.upper().startswith(("EHLO", "HELO")):
      return
    conn.reply("250 2.0.0 Ok")


@scenario("ok-starttls", needs_cert=True)
def ok_starttls(conn, opts):
  Session(conn, opts).run()


@scenario("ok-implicit-tls", needs_cert=True)
def ok_implicit_tls(conn, opts):
  conn.start_tls(opts.tls)
  Session(conn, opts).run()


@scenario("garbage-banner")
def garbage_banner(conn, opts):
  conn.send(b"\x16\x03\x01 hello garbage\r\n")
  conn.discard_until_closed()


@scenario("http")
def http(conn, opts):
  # A web server says nothing until it has a request, and answers a line that
  # is not one (such as EHLO) with 400 and a close.
  conn.take_raw("request", timeout=60)
  body = (b"<html>\r\n<head><title>400 Bad Request</title></head>\r\n<body>\r\n"
          b"<center><h1>400 Bad Request</h1></center>\r\n<hr><center>nginx</center>\r\n"
          b"</body>\r\n</html>\r\n")
  conn.send(b"HTTP/1.1 400 Bad Request\r\nServer: nginx\r\nContent-Type: text/html\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)
  conn.close()


@scenario("tls-on-plain")
def tls_on_plain(conn, opts):
  # Port 465 reached by a client that expects a plaintext greeting: the server
  # waits for a ClientHello and answers plaintext with a TLS alert.
  first = conn.peek(IDLE_TIMEOUT)
  if not first:
    raise Closed("client closed" if first == b"" else "idle")
  if first[0] != 0x16:
    conn.take_raw("plaintext instead of a ClientHello")
    conn.send(ALERT_PROTOCOL_VERSION)
    conn.close()
  elif opts.tls is not None:
    conn.start_tls(opts.tls)
    Session(conn, opts).run()
  else:
    conn.take_raw("ClientHello")
    conn.send(ALERT_HANDSHAKE_FAILURE)
    conn.close()


@scenario("421-at-connect")
def at_connect_421(conn, opts):
  conn.send(b"421 4.3.2 Service not available, closing transmission channel\r\n")
  conn.close()


@scenario("554-at-connect")
def at_connect_554(conn, opts):
  conn.send(b"554 5.7.1 Your IP is listed on a blocklist\r\n")
  conn.close()


@scenario("silent")
def silent(conn, opts):
  conn.discard_until_closed()


@scenario("drip-feed")
def drip_feed(conn, opts):
  for i in range(len(GREETING)):
    if i:
      time.sleep(opts.drip_interval)
    conn.send(GREETING[i:i + 1])
  Session(conn, opts).run(greeting=None)


@scenario("long-line")
def long_line(conn, opts):
  conn.send(b"220 " + b"a" * (1024 * 1024))
  conn.discard_until_closed()


@scenario("huge-reply")
def huge_reply(conn, opts):
  # 2000 lines of 60 bytes each (CRLF included): 120000 bytes in one reply.
  lines = [b"250-%s" % (b"X%07d" % i).ljust(54, b"X") for i in range(1999)]
  lines.append(b"250 " + b"ENHANCEDSTATUSCODES".ljust(54, b"X"))
  Session(conn, opts, ehlo_raw=b"\r\n".join(lines) + b"\r\n").run()


@scenario("inconsistent-multiline")
def inconsistent_multiline(conn, opts):
  Session(conn, opts, ehlo_raw=b"250-mail.example.test\r\n251-SIZE 1000\r\n250 OK\r\n").run()


@scenario("bad-continuation")
def bad_continuation(conn, opts):
  Session(conn, opts,
          ehlo_raw=b"250-mail.example.test\r\n250xPIPELINING\r\n250 ENHANCEDSTATUSCODES\r\n").run()


@scenario("reset-after-ehlo")
def reset_after_ehlo(conn, opts):
  wait_for_ehlo(conn)
  conn.reset()
  raise Closed("reset after EHLO")


@scenario("close-mid-reply")
def close_mid_reply(conn, opts):
  wait_for_ehlo(conn)
  conn.send(b"250-mail.example.test\r\n250-PIPELINING\r\n")
  conn.close()


@scenario("starttls-454")
def starttls_454(conn, opts):
  def refuse(session):
    session.conn.reply("454 4.7.0 TLS not available due to local problem")
  Session(conn, opts, offer_starttls=True, on_starttls=refuse).run()


@scenario("starttls-not-offered")
def starttls_not_offered(conn, opts):
  # AUTH in clear: a client that sends its password here leaves an "auth"
  # event with "tls": false.
  Session(conn, opts, offer_starttls=False, auth_in_clear=True,
          mechanisms=opts.auth_mechs_given or "PLAIN LOGIN").run()


@scenario("tls-handshake-failure")
def tls_handshake_failure(conn, opts):
  def garbage(session):
    session.conn.reply("220 2.0.0 Ready to start TLS")
    first = session.conn.peek(10)
    if first:
      session.conn.take_raw("ClientHello")
      session.conn.send(b"\x00\x00\x00\x00this is not a ServerHello\r\n")
    session.conn.close()
    raise Closed("sent garbage instead of a ServerHello")
  Session(conn, opts, offer_starttls=True, on_starttls=garbage).run()


@scenario("starttls-injection", needs_cert=True)
def starttls_injection(conn, opts):
  def inject(session):
    c = session.conn
    c.flush()
    c.send(b"220 2.0.0 Ready to start TLS\r\n250-injected\r\n250 INJECTED\r\n")
    first = c.peek(10)
    if first is None or first == b"":
      c.event("tls", "client did not continue the handshake after the injected lines",
              continued=False)
      raise Closed("client closed after the injected lines" if first == b"" else "idle")
    if first[0] != 0x16:
      c.event("tls", "client sent plaintext after the injected lines", continued=False)
      c.take_raw("plaintext after STARTTLS")
      c.close()
      raise Closed("plaintext after STARTTLS")
    c.event("tls", "client continued the handshake after the injected lines", continued=True)
    c.start_tls(session.opts.tls)
    session.reset_state()
  Session(conn, opts, on_starttls=inject).run()


# ---------------------------------------------------------------------------
# Listening, one thread per connection, SIGTERM


def make_tls_context(opts):
  if not opts.cert:
    return None
  context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
  context.load_cert_chain(opts.cert, opts.key or opts.cert)
  if opts.tls_max:
    versions = {"1.0": ssl.TLSVersion.TLSv1, "1.1": ssl.TLSVersion.TLSv1_1,
                "1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}
    version = versions[opts.tls_max]
    # Old versions on purpose: Python's deprecation warnings would only
    # clutter the error output the fixture reports.
    with warnings.catch_warnings():
      warnings.simplefilter("ignore", DeprecationWarning)
      if version < ssl.TLSVersion.TLSv1_2:
        # OpenSSL 3 refuses TLS 1.0 and 1.1 (and their SHA-1 signatures)
        # above security level 0.
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
        context.minimum_version = ssl.TLSVersion.TLSv1
      context.maximum_version = version
      if version == ssl.TLSVersion.TLSv1:
        context.minimum_version = version
  return context


def serve(sock, peer, conn_id, opts, log, slots):
  conn = Conn(sock, peer, conn_id, log)
  reason = "server closed"
  try:
    SCENARIOS[opts.scenario](conn, opts)
  except Closed as e:
    reason = str(e)
  except (OSError, ssl.SSLError) as e:
    reason = "connection error: %s" % e
  except Exception as e:  # a bug in this script: say so on stderr, keep serving
    reason = "server error: %r" % e
    traceback.print_exc(file=sys.stderr)
  finally:
    if not conn.closed:
      conn.close()
    conn.event("close", reason)
    slots.release()


def parse_args(argv):
  parser = argparse.ArgumentParser(description="A scripted, misbehaving SMTP server for tests.")
  parser.add_argument("--scenario", required=True, choices=sorted(SCENARIOS))
  parser.add_argument("--host", default="127.0.0.1", choices=["127.0.0.1", "::1"])
  parser.add_argument("--port", type=int, default=0)
  parser.add_argument("--log", required=True)
  parser.add_argument("--cert")
  parser.add_argument("--key")
  parser.add_argument("--user", default="alice@example.test")
  parser.add_argument("--password", default="secret")
  parser.add_argument("--auth-reply", help="the reply to every AUTH, e.g. '534 5.7.9 ...'")
  parser.add_argument("--mail-reply", help="the reply to every valid MAIL FROM")
  parser.add_argument("--rcpt-reply", help="the reply to every valid RCPT TO")
  parser.add_argument("--auth-mechs", dest="auth_mechs_given", metavar="MECHANISMS",
                      help="the AUTH mechanisms offered (default: PLAIN LOGIN CRAM-MD5)")
  parser.add_argument("--allow-anonymous", action="store_true",
                      help="accept MAIL FROM without AUTH")
  parser.add_argument("--no-size", action="store_true")
  parser.add_argument("--no-pipelining", action="store_true")
  parser.add_argument("--tls-max", choices=["1.0", "1.1", "1.2", "1.3"])
  parser.add_argument("--drip-interval", type=float, default=1.0,
                      help="seconds between the bytes of the drip-feed greeting")
  parser.add_argument("--cleanup-dir", metavar="DIR",
                      help="the folder of --log, removed at SIGHUP: the signal the test "
                      "sets with PR_SET_PDEATHSIG, for when it aborts")
  opts = parser.parse_args(argv)
  if opts.cleanup_dir and (os.path.dirname(os.path.abspath(opts.log))
                           != os.path.abspath(opts.cleanup_dir)):
    parser.error("--cleanup-dir must be the folder of --log")
  opts.auth_mechs = opts.auth_mechs_given or "PLAIN LOGIN CRAM-MD5"
  for reply in (opts.auth_reply, opts.mail_reply, opts.rcpt_reply):
    if reply is not None and (len(reply) < 3 or not reply[:3].isdigit()):
      parser.error("a reply starts with a three-digit code: %r" % reply)
  return opts


def remove_orphaned_dir(path):
  """Removes the files of a folder and the folder, as the test that made it
  cannot any more."""
  try:
    for name in os.listdir(path):
      os.unlink(os.path.join(path, name))
    os.rmdir(path)
  except OSError:
    pass


def main(argv):
  opts = parse_args(argv)
  try:
    opts.tls = make_tls_context(opts)
  except (OSError, ssl.SSLError) as e:
    print("smtp-hostile: cannot load %s / %s: %s" % (opts.cert, opts.key, e), file=sys.stderr)
    return 2
  if SCENARIOS[opts.scenario].needs_cert and opts.tls is None:
    print("smtp-hostile: scenario %s needs --cert and --key" % opts.scenario, file=sys.stderr)
    return 2

  log = Log(opts.log)
  family = socket.AF_INET6 if ":" in opts.host else socket.AF_INET
  listener = socket.create_server((opts.host, opts.port), family=family, backlog=16)
  listener.setblocking(False)
  slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
  conn_ids = itertools.count(1)

  def accept_pending():
    """Accepts every connection waiting in the backlog, logging "connect" for
    each here, in order, before its thread starts."""
    while True:
      try:
        sock, peer = listener.accept()
      except (BlockingIOError, InterruptedError):
        return
      except OSError as e:  # out of file descriptors, a connection reset in the backlog
        log.event(0, "close", "accept failed: %s" % e)
        return
      sock.setblocking(True)
      conn_id = next(conn_ids)
      if not slots.acquire(blocking=False):
        log.event(conn_id, "close", "too many connections")
        sock.close()
        continue
      log.event(conn_id, "connect", ("[%s]:%d" if ":" in peer[0] else "%s:%d") % peer[:2])
      threading.Thread(target=serve, args=(sock, peer, conn_id, opts, log, slots),
                       daemon=True).start()

  # Signals only wake the loop below, through the wake-up socket: SIGTERM
  # and SIGINT stop, SIGHUP stops and removes --cleanup-dir (the test died:
  # nobody else will), SIGUSR1 asks for a "SYNC" line on stdout once every
  # connection already made has been accepted and logged (the fixture's
  # barrier before it asserts on the log).
  wake_r, wake_w = socket.socketpair()
  wake_r.setblocking(False)
  wake_w.setblocking(False)
  signal.set_wakeup_fd(wake_w.fileno())
  for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGUSR1):
    signal.signal(signum, lambda signum, frame: None)
  selector = selectors.DefaultSelector()
  selector.register(listener, selectors.EVENT_READ)
  selector.register(wake_r, selectors.EVENT_READ)
  print("READY %d" % listener.getsockname()[1], flush=True)

  running = True
  orphaned = False
  while running:
    for key, _ in selector.select():
      if key.fileobj is listener:
        accept_pending()
        continue
      try:
        signals = wake_r.recv(64)
      except BlockingIOError:
        continue
      if signal.SIGHUP in signals:
        running = False
        orphaned = True
      elif signal.SIGTERM in signals or signal.SIGINT in signals:
        running = False
      elif signal.SIGUSR1 in signals:
        accept_pending()
        log.event(0, "sync", "all connections so far accepted")
        try:
          print("SYNC", flush=True)
        except OSError:  # nobody reads any more
          pass
  # Connection threads may sit in blocking calls: leave without waiting for
  # them, but never in the middle of a log line.
  listener.close()
  log.lock.acquire(timeout=1)
  if orphaned and opts.cleanup_dir:
    remove_orphaned_dir(opts.cleanup_dir)
  os._exit(0)


if __name__ == "__main__":
  sys.exit(main(sys.argv[1:]))

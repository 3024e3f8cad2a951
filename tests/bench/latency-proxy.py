#!/usr/bin/python3
# latency-proxy.py: forwards TCP or UDP on loopback, adding a fixed delay each way, for the benchmarks.
# SPDX-License-Identifier: GPL-3.0-or-later
"""A userspace stand-in for netem (which this kernel lacks).

  /usr/bin/python3 tests/bench/latency-proxy.py --target-port N --delay-ms 50 [--udp]

Listens on 127.0.0.1 on a free port, prints "READY <port>" and forwards to
127.0.0.1:N. Every chunk (TCP) or datagram (UDP) is held for the delay in
each direction, in order, so a round trip costs twice the delay. Only
loopback is ever used. Stops on SIGTERM.
"""

import argparse
import asyncio
import signal
import sys


class Pipe:
  """One direction of a TCP connection: chunks leave delay seconds after they came."""

  def __init__(self, reader, writer, delay):
    self.reader = reader
    self.writer = writer
    self.delay = delay
    self.queue = asyncio.Queue()

  async def pump_in(self):
    loop = asyncio.get_running_loop()
    try:
      while True:
        data = await self.reader.read(65536)
        await self.queue.put((loop.time() + self.delay, data))
        if not data:
          return
    except (ConnectionError, OSError):
      await self.queue.put((loop.time() + self.delay, b""))

  async def pump_out(self):
    loop = asyncio.get_running_loop()
    try:
      while True:
        due, data = await self.queue.get()
        wait = due - loop.time()
        if wait > 0:
          await asyncio.sleep(wait)
        if not data:
          if self.writer.can_write_eof():
            self.writer.write_eof()
          return
        self.writer.write(data)
        await self.writer.drain()
    except (ConnectionError, OSError):
      pass


async def serve_tcp(args):
  delay = args.delay_ms / 1000.0

  async def handle(client_reader, client_writer):
    try:
      server_reader, server_writer = await asyncio.open_connection("127.0.0.1", args.target_port)
    except OSError:
      client_writer.close()
      return
    up = Pipe(client_reader, server_writer, delay)
    down = Pipe(server_reader, client_writer, delay)
    await asyncio.gather(up.pump_in(), up.pump_out(), down.pump_in(), down.pump_out())
    for writer in (client_writer, server_writer):
      writer.close()

  server = await asyncio.start_server(handle, "127.0.0.1", 0)
  port = server.sockets[0].getsockname()[1]
  print("READY %d" % port, flush=True)
  async with server:
    await server.serve_forever()


class UdpProxy(asyncio.DatagramProtocol):
  """Datagrams to the target leave after the delay; replies come back after it too."""

  def __init__(self, args):
    self.args = args
    self.delay = args.delay_ms / 1000.0
    self.transport = None
    self.upstreams = {}

  def connection_made(self, transport):
    self.transport = transport

  def datagram_received(self, data, addr):
    loop = asyncio.get_running_loop()
    upstream = self.upstreams.get(addr)
    if upstream is None:
      proxy = self

      class Upstream(asyncio.DatagramProtocol):
        def datagram_received(self, reply, _addr):
          loop.call_later(proxy.delay, proxy.transport.sendto, reply, addr)

      task = loop.create_datagram_endpoint(Upstream, remote_addr=("127.0.0.1", self.args.target_port))
      upstream = asyncio.ensure_future(task)
      self.upstreams[addr] = upstream

    async def send_later():
      transport, _ = await upstream
      await asyncio.sleep(self.delay)
      transport.sendto(data)

    asyncio.ensure_future(send_later())


async def serve_udp(args):
  loop = asyncio.get_running_loop()
  transport, _ = await loop.create_datagram_endpoint(lambda: UdpProxy(args), local_addr=("127.0.0.1", 0))
  print("READY %d" % transport.get_extra_info("sockname")[1], flush=True)
  await asyncio.Event().wait()


def main():
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("--target-port", type=int, required=True)
  parser.add_argument("--delay-ms", type=float, default=50.0)
  parser.add_argument("--udp", action="store_true")
  args = parser.parse_args()

  signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
  try:
    asyncio.run(serve_udp(args) if args.udp else serve_tcp(args))
  except (KeyboardInterrupt, SystemExit):
    pass


if __name__ == "__main__":
  main()

// Integration tests wait on real PostgreSQL and NATS; a slow CI machine needs the headroom.
jest.setTimeout(60_000);

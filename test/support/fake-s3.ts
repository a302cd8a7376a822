import * as http from 'http';
import type { AddressInfo } from 'net';

/**
 * A fake S3 for Terraform's S3 backend (AWS cannot be reached here): path-style objects in memory, the
 * conditional put Terraform's lock file relies on (`If-None-Match: *`, refused with 412 when the object
 * exists), and an empty listing. Every request is logged as `METHOD path [if-none-match]`.
 */
export interface FakeS3 {
  endpoint: string;
  log: string[];
  objects: Map<string, Buffer>;
  close(): Promise<void>;
}

export function fakeS3(): Promise<FakeS3> {
  const objects = new Map<string, Buffer>();
  const log: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://s3');
      const key = decodeURIComponent(url.pathname);
      const ifNoneMatch = req.headers['if-none-match'];
      log.push(`${req.method} ${key}${ifNoneMatch ? ` if-none-match:${ifNoneMatch}` : ''}`);
      const xml = (status: number, body: string) => {
        res.writeHead(status, { 'Content-Type': 'application/xml' });
        res.end(body);
      };
      if (req.method === 'PUT') {
        if (ifNoneMatch === '*' && objects.has(key)) return xml(412, '<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>');
        objects.set(key, Buffer.concat(chunks));
        res.writeHead(200, { ETag: '"csm"' });
        return res.end();
      }
      if (req.method === 'GET' && url.searchParams.get('list-type') === '2') return xml(200, '<?xml version="1.0"?><ListBucketResult><IsTruncated>false</IsTruncated><KeyCount>0</KeyCount></ListBucketResult>');
      if (req.method === 'GET' || req.method === 'HEAD') {
        const body = objects.get(key);
        if (!body) return req.method === 'GET' ? xml(404, '<Error><Code>NoSuchKey</Code></Error>') : (res.writeHead(404), res.end());
        res.writeHead(200, { 'Content-Length': body.length, ETag: '"csm"' });
        return res.end(req.method === 'GET' ? body : undefined);
      }
      if (req.method === 'DELETE') {
        objects.delete(key);
        res.writeHead(204);
        return res.end();
      }
      res.writeHead(400);
      res.end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ endpoint: `http://127.0.0.1:${port}`, log, objects, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}

// The floor to compare the API with: a bare node:http server doing one pg query per request on
// the same database. GET /read: one SELECT by primary key; POST /write: one UPDATE.
import http from 'node:http';
import pg from 'pg';

const [databaseUrl, port, userId, reviewId] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
http
  .createServer(async (req, res) => {
    try {
      let r;
      if (req.method === 'POST') {
        for await (const _ of req) void _;
        r = await pool.query(
          `UPDATE reviews SET comment_to_applicant = $2, version = version + 1, updated_at = now() WHERE id = $1 RETURNING version`,
          [reviewId, 'floor ' + Date.now()],
        );
      } else r = await pool.query('SELECT id, email, name, roles FROM users WHERE id = $1', [userId]);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: r.rows[0] }));
    } catch (e) {
      res.writeHead(500);
      res.end(String(e));
    }
  })
  .listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\n'));

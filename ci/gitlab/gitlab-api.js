// The few GitLab API calls csm's jobs make, with the token in CSM_GITLAB_TOKEN (never printed):
//   node gitlab-api.js get <path>              prints the JSON response
//   node gitlab-api.js download <path> <file>  saves the response body
//   node gitlab-api.js <put|post> <path> <field> <file>   sends the file's text as the field (a note's body)
const fs = require('fs');
const [method, apiPath, a, b] = process.argv.slice(2);
const url = `${process.env.CI_API_V4_URL}/projects/${process.env.CI_PROJECT_ID}${apiPath}`;
const headers = { 'PRIVATE-TOKEN': process.env.CSM_GITLAB_TOKEN || '', 'Content-Type': 'application/json' };
(async () => {
  const body = method === 'put' || method === 'post' ? JSON.stringify({ [a]: fs.readFileSync(b, 'utf8').slice(0, 60000) }) : undefined;
  const res = await fetch(url, { method: method === 'download' ? 'GET' : method.toUpperCase(), headers, body });
  if (!res.ok) throw new Error(`${method} ${apiPath}: HTTP ${res.status}`);
  if (method === 'download') fs.writeFileSync(a, Buffer.from(await res.arrayBuffer()));
  else process.stdout.write(await res.text());
})().catch((err) => {
  console.error(err.message);
  process.exit(1);
});

// The parent of DynamoDB Local's Java process, so that Java never outlives the runtime.
//
//   node java-watchdog.mjs <command> [arguments…]
//
// Plain JavaScript with no import but Node's own: it starts under whatever Node started the runtime
// (Node 24 for `npm start`, the machine's Node for the tests), without tsx.
//
// Why a watchdog process: Linux's prctl(PR_SET_PDEATHSIG) is not reachable from Node, and a
// `process.on('exit')` handler in the runtime never runs on SIGKILL or on a crash of Node itself.
// What does always happen when the runtime ends, however it ends, is that the kernel closes its
// file descriptors: our stdin is a pipe whose only writing end the runtime holds (libuv opens it
// close-on-exec, so no other child inherits it), hence end-of-file on stdin means "the runtime is
// gone". On that, Java gets SIGTERM, then SIGKILL after a grace period. The same holds while Java is
// still starting, since this process exists before Java does. As a second line, the parent pid is
// polled: a re-parented watchdog ends Java too, even if the pipe were somehow kept open.
//
// The umask is set here, before Java starts: the database files DynamoDB Local creates are then
// readable by their owner only (0600, folders 0700).
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('java-watchdog : commande manquante\n');
  process.exit(2);
}

const graceMilliseconds = 3000;
const parentPid = process.ppid;

process.umask(0o077);
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });

let ending = false;
function endChild() {
  if (ending) return;
  ending = true;
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), graceMilliseconds).unref();
}

child.once('error', (error) => {
  process.stderr.write(`java-watchdog : impossible de lancer ${command} : ${error.message}\n`);
  process.exit(127);
});
child.once('exit', (code, signal) => {
  // The runtime reads a death by signal as 128 + its number, as a shell would report it.
  process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
});

process.stdin.on('end', endChild);
process.stdin.on('close', endChild);
process.stdin.on('error', endChild);
process.stdin.resume();

setInterval(() => {
  if (process.ppid !== parentPid) endChild();
}, 500).unref();

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, endChild);

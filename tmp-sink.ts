import { SMTPServer } from 'smtp-server';
let total = 0;
const server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
  onData(stream, _s, cb) { stream.resume(); stream.on('end', () => { total++; cb(); }); } });
server.listen(2525, '127.0.0.1', () => console.log('sink up'));
setInterval(() => console.log('sink total', total), 10000).unref();

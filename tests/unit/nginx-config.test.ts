import { describe, expect, it } from 'vitest';
import { renderNginxConfig } from '@/deploy/nginx-config.mjs';

describe('deploy/nginx-config.mjs', () => {
  it('fills every placeholder of deploy/nginx.conf: the instances, the address, the files, the micro-cache switch', () => {
    const text = renderNginxConfig({ upstreams: ['10.0.0.11:3000', '10.0.0.12:3000'], listen: '127.0.0.1:8080', prefix: '/tmp/lb', user: 'root', microCache: true });
    expect(text).not.toMatch(/@[A-Z_]+@/);
    expect(text).toContain('server 10.0.0.11:3000 max_fails=2 fail_timeout=5s;');
    expect(text).toContain('server 10.0.0.12:3000 max_fails=2 fail_timeout=5s;');
    expect(text).toContain('listen 127.0.0.1:8080;');
    expect(text).toContain('pid /tmp/lb/nginx.pid;');
    expect(text).toContain('proxy_cache_path /tmp/lb/cache ');
    expect(text).toContain('proxy_cache masthead;');
  });

  it('ships with the micro-cache off and Debian’s paths', () => {
    const text = renderNginxConfig({ upstreams: ['app:3000'] });
    expect(text).toContain('proxy_cache off;');
    expect(text).toContain('pid /run/nginx.pid;');
    expect(text).toContain('user www-data;');
    expect(text).toContain('listen 80;');
  });

  it('refuses a value that would write directives of its own', () => {
    expect(() => renderNginxConfig({ upstreams: [] })).toThrow(/at least one/);
    expect(() => renderNginxConfig({ upstreams: ['10.0.0.1:3000; include /etc/shadow'] })).toThrow(/not an upstream/);
    expect(() => renderNginxConfig({ upstreams: ['10.0.0.1'] })).toThrow(/not an upstream/); // a port is needed
    expect(() => renderNginxConfig({ upstreams: ['a:1'], listen: '80; return 200' })).toThrow(/not a listen/);
    expect(() => renderNginxConfig({ upstreams: ['a:1'], prefix: 'relative/dir' })).toThrow(/absolute/);
    expect(() => renderNginxConfig({ upstreams: ['a:1'], serverName: 'a.example;' })).toThrow(/server name/);
  });
});

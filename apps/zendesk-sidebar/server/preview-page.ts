/**
 * The two pieces of the preview that stand in for Zendesk: the host page (a ticket view with the
 * app's iframe in its sidebar) and the ZAF client the iframe gets instead of Zendesk's SDK.
 * Values reach the pages JSON-encoded with `<` escaped, never spliced in raw.
 */
const json = (value: unknown) => JSON.stringify(value).replaceAll('<', '\\u003c');

export function previewPage(ticket: string): string {
  const src = `/zendesk-app/preview/app/assets/iframe.html?ticket=${ticket}&origin=${'preview'}&app_guid=preview`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>casebridge sidebar preview — ticket ${ticket}</title>
<style>
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;background:#f8f9f9;color:#2f3941}
header{background:#03363d;color:#fff;padding:10px 16px;font-weight:600}
main{display:flex;gap:16px;padding:16px;align-items:flex-start}
.ticket{flex:1;background:#fff;border:1px solid #d8dcde;border-radius:4px;padding:16px}
aside{width:340px;background:#fff;border:1px solid #d8dcde;border-radius:4px}
aside h2{font-size:12px;text-transform:uppercase;letter-spacing:.04em;margin:0;padding:8px 12px;border-bottom:1px solid #d8dcde;color:#68737d}
iframe{width:100%;border:0;height:200px;display:block}
button{font:inherit;padding:4px 10px;border:1px solid #1f73b7;color:#1f73b7;background:#fff;border-radius:4px;cursor:pointer}
</style></head><body>
<header>casebridge — Zendesk sidebar preview</header>
<main>
<section class="ticket"><h1>Ticket #${ticket}</h1>
<p>This page stands in for the Zendesk agent workspace so the app can be seen without a Zendesk account.
The sidebar on the right is the real app bundle; its requests are signed server-side, as Zendesk's proxy does.</p>
<p><button id="update" type="button">Simulate a ticket update</button></p></section>
<aside><h2>Apps</h2><iframe id="app" title="casebridge" src="${src}"></iframe></aside>
</main>
<script>
var frame=document.getElementById('app');
window.addEventListener('message',function(e){
  if(e.source===frame.contentWindow&&e.data&&e.data.casebridgePreview==='resize'){frame.style.height=String(e.data.height).replace(/[^0-9a-z%.]/g,'');}
});
document.getElementById('update').addEventListener('click',function(){frame.contentWindow.postMessage({casebridgePreview:'ticket.updated'},location.origin);});
</script></body></html>`;
}

/** A ZAF client with the calls the app makes; `request` goes through the preview's signing proxy. */
export function fakeZafScript(options: { ticket: string; subdomain: string }): string {
  const config = json({
    ticket: Number(options.ticket),
    subdomain: options.subdomain,
    user: { id: 1, name: 'Preview Agent', email: 'preview.agent@casebridge.invalid', role: 'admin' },
  });
  return `(function(){
var cfg=${config};var handlers={};
function fire(name,arg){(handlers[name]||[]).forEach(function(fn){fn(arg);});}
var ticket={id:cfg.ticket};
var client={
  context:function(){return Promise.resolve({location:'ticket_sidebar',ticketId:cfg.ticket,instanceGuid:'preview',product:'support',account:{subdomain:cfg.subdomain}});},
  metadata:function(){return Promise.resolve({appId:0,installationId:0,name:'casebridge',version:'preview',settings:{casebridgeUrl:location.origin}});},
  get:function(path){var out={errors:{}};[].concat(path).forEach(function(p){out[p]=p==='currentUser'?cfg.user:p==='ticket.id'?cfg.ticket:p==='ticket'?ticket:undefined;});return Promise.resolve(out);},
  on:function(name,fn){(handlers[name]=handlers[name]||[]).push(fn);if(name==='app.registered')setTimeout(function(){fn({});},0);},
  invoke:function(name,arg){if(name==='resize'&&arg)parent.postMessage({casebridgePreview:'resize',height:arg.height},location.origin);return Promise.resolve({errors:{}});},
  request:function(o){return fetch('/zendesk-app/preview/proxy',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify(o)}).then(function(r){return r.text().then(function(t){var j=null;try{j=JSON.parse(t);}catch(e){}if(r.ok)return j;throw {status:r.status,responseText:t,responseJSON:j};});},function(){throw {status:0,statusText:'error',responseText:''};});}
};
window.addEventListener('message',function(e){if(e.origin===location.origin&&e.data&&e.data.casebridgePreview==='ticket.updated')fire('ticket.updated',ticket);});
window.ZAFClient={init:function(){return client;}};
})();`;
}

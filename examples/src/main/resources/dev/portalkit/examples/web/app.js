// The example portal's page: plain JavaScript, no build step. Text from the server is always put
// into the page with textContent, never innerHTML. The session lives in an HttpOnly cookie this
// script cannot read; the server tells us who we are through /api/me.
'use strict';

const $ = (id) => document.getElementById(id);
let me = null;

async function api(method, path, body) {
  const options = { method, credentials: 'same-origin', headers: {} };
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const res = await fetch(path, options);
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const e = (data && data.error) || { message: res.statusText };
    const fields = (e.fields || []).map((f) => f.field + ' ' + f.message).join('; ');
    const err = new Error(fields ? e.message + ': ' + fields : e.message);
    err.status = res.status;
    throw err;
  }
  return data;
}

function notify(text, ok) {
  const n = $('notice');
  n.textContent = text;
  n.className = ok ? 'ok' : 'error';
}

function el(tag, text, attrs) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
  return e;
}

function formData(form) {
  const out = {};
  new FormData(form).forEach((v, k) => { out[k] = v; });
  return out;
}

const localTime = (iso) => new Date(iso).toLocaleString([], { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

async function refreshMe() {
  try {
    me = (await api('GET', '/api/me')).user;
  } catch (e) {
    if (e.status !== 401) throw e;
    me = null;
  }
  $('whoami').textContent = me ? 'Signed in as ' + me.displayName + ' (' + me.email + ', ' + me.role + ')' : 'Not signed in.';
  $('logout').hidden = !me;
  $('messages').hidden = !me;
  $('subscription').hidden = !me;
  $('admin').hidden = !(me && (me.role === 'ADMIN' || me.role === 'OWNER'));
  $('security').hidden = !me;
  await Promise.all([loadTiers(), loadSlots(), loadBookings(), loadMessages(), loadActivity(), loadSecurity()]);
}

async function loadTiers() {
  const { tiers } = await api('GET', '/api/tiers');
  const list = $('tiers');
  list.replaceChildren();
  for (const t of tiers) {
    const li = el('li', t.name + ': ' + t.price + ' per ' + t.interval.toLowerCase()
      + (t.trialDays ? ' (' + t.trialDays + '-day trial)' : '') + (t.description ? ' · ' + t.description : ''));
    if (me) {
      const b = el('button', 'Subscribe', { 'data-tier': t.code });
      b.addEventListener('click', () => subscribe(t));
      li.append(' ', b);
    }
    list.append(li);
  }
  if (me) {
    const { subscription } = await api('GET', '/api/subscription');
    $('subscription').textContent = subscription
      ? 'Your plan: ' + (tiers.find((t) => t.id === subscription.tierId) || {}).name + ', ' + subscription.status
        + (subscription.cancelAtPeriodEnd ? ', ends ' : ', renews ') + localTime(subscription.currentPeriodEnd)
      : 'You have no plan yet.';
  }
}

async function subscribe(tier) {
  try {
    await api('POST', '/api/subscription', { tierId: tier.id });
    notify('Subscribed to ' + tier.name + '.', true);
    await loadTiers();
  } catch (e) { notify(e.message); }
}

async function loadProviders() {
  const { providers } = await api('GET', '/api/providers');
  const select = $('provider');
  select.replaceChildren(...providers.map((p) => el('option', p.displayName + ' (' + p.timeZone + ')', { value: p.id })));
}

async function loadSlots() {
  const provider = $('provider').value;
  const list = $('slots');
  list.replaceChildren();
  if (!provider) return;
  const { slots } = await api('GET', '/api/providers/' + encodeURIComponent(provider) + '/slots?days=7');
  for (const s of slots.slice(0, 40)) {
    const b = el('button', localTime(s.start), { 'data-start': s.start, class: 'slot' });
    b.disabled = !me;
    b.addEventListener('click', () => book(provider, s.start));
    const li = el('li');
    li.append(b);
    list.append(li);
  }
  if (!slots.length) list.append(el('li', 'No free slots this week.'));
}

async function book(providerId, start) {
  try {
    const { booking } = await api('POST', '/api/bookings', { providerId, start, timeZone: zone(), title: 'Consultation' });
    notify('Booked ' + localTime(booking.start) + '.', true);
    await Promise.all([loadSlots(), loadBookings()]);
  } catch (e) { notify(e.message); }
}

async function loadBookings() {
  const list = $('bookings');
  list.replaceChildren();
  if (!me) return;
  const { bookings } = await api('GET', '/api/bookings');
  for (const b of bookings) {
    const li = el('li', localTime(b.start) + ' · ' + b.title + ' · ' + b.status + ' ', { 'data-id': b.id });
    li.append(el('a', 'Add to calendar', { href: '/api/bookings/' + encodeURIComponent(b.id) + '/calendar',
      download: 'booking.ics', class: 'ics' }));
    list.append(li);
  }
  if (!bookings.length) list.append(el('li', 'No bookings yet.'));
}

async function loadResources() {
  const { resources } = await api('GET', '/api/resources');
  const list = $('resource-list');
  list.replaceChildren();
  for (const r of resources) {
    const a = el('a', r.title, { href: '#' + r.slug });
    a.addEventListener('click', (ev) => { ev.preventDefault(); showResource(r.slug); });
    const li = el('li');
    li.append(a, ' · ' + (r.summary || ''));
    list.append(li);
  }
}

async function showResource(slug) {
  const { resource } = await api('GET', '/api/resources/' + encodeURIComponent(slug));
  const box = $('resource-detail');
  const steps = el('ol');
  resource.steps.forEach((s) => steps.append(el('li', s.title + ' · ' + s.body)));
  box.replaceChildren(el('h3', resource.title), el('p', resource.body), steps);
  box.hidden = false;
}

async function loadMessages() {
  if (!me) return;
  const [{ messages }, { unread }] = await Promise.all([api('GET', '/api/messages'), api('GET', '/api/messages/unread-count')]);
  $('unread').textContent = unread ? '(' + unread + ' unread)' : '';
  const list = $('inbox');
  list.replaceChildren();
  for (const m of messages) {
    const li = el('li', (m.read ? '' : '● ') + m.fromName + ': ' + m.subject + ' · ' + m.body);
    if (!m.read) {
      const b = el('button', 'Mark read');
      b.addEventListener('click', async () => { await api('POST', '/api/messages/' + m.id + '/read', {}); loadMessages(); });
      li.append(' ', b);
    }
    list.append(li);
  }
  if (!messages.length) list.append(el('li', 'Your inbox is empty.'));
}

async function loadActivity() {
  if (!me || $('admin').hidden) return;
  const { activity } = await api('GET', '/api/admin/activity?limit=30');
  $('activity').replaceChildren(...activity.map((a) => {
    const tr = el('tr');
    tr.append(el('td', localTime(a.occurredAt)), el('td', a.actorEmail || 'system'), el('td', a.action), el('td', a.entityType));
    return tr;
  }));
}

async function loadSecurity() {
  if (!me) return;
  const [{ enabled }, { sessions }] = await Promise.all([api('GET', '/api/2fa'), api('GET', '/api/sessions')]);
  $('twofa-state').textContent = enabled ? 'Two-factor sign-in is on.' : 'Two-factor sign-in is off.';
  $('twofa-enrol').hidden = enabled;
  $('twofa-disable').hidden = !enabled;
  if (enabled) $('twofa-setup').hidden = true;
  const list = $('sessions');
  list.replaceChildren();
  for (const s of sessions) {
    const li = el('li', (s.current ? 'This browser' : (s.userAgent || 'Unknown browser')) + ' · ' + (s.ip || 'no address')
      + ' · since ' + localTime(s.createdAt) + ' ', { 'data-id': s.id });
    if (!s.current) {
      const b = el('button', 'Sign out', { class: 'revoke' });
      b.addEventListener('click', async () => {
        try {
          await api('DELETE', '/api/sessions/' + encodeURIComponent(s.id));
          notify('That session is signed out.', true);
          await loadSecurity();
        } catch (e) { notify(e.message); }
      });
      li.append(b);
    }
    list.append(li);
  }
}

function onSubmit(id, handler) {
  $(id).addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try { await handler(ev.target); } catch (e) { notify(e.message); }
  });
}

onSubmit('signup', async (form) => {
  const data = formData(form);
  await api('POST', '/api/signup', data);
  notify('Account created for ' + data.email + '. You can log in now.', true);
  $('login-email').value = data.email;
  form.reset();
});

// The two-factor challenge of a password step: single use, short-lived, no session by itself.
let challenge = null;

onSubmit('login', async (form) => {
  const data = formData(form);
  const answer = await api('POST', '/api/login', { email: data.email, password: data.password, rememberMe: !!data.rememberMe });
  form.reset();
  if (answer.twoFactor) {
    challenge = answer.challenge;
    $('login-code').hidden = false;
    $('login-code-input').focus();
    notify('Enter the code from your authenticator app.', true);
    return;
  }
  await refreshMe();
  notify('Welcome, ' + me.displayName + '.', true);
});

onSubmit('login-code', async (form) => {
  const { code } = formData(form);
  const used = challenge;
  challenge = null; // used up by this attempt, right or wrong
  form.reset();
  $('login-code').hidden = true;
  await api('POST', '/api/login/code', { challenge: used, code });
  await refreshMe();
  notify('Welcome, ' + me.displayName + '.', true);
});

$('twofa-enrol').addEventListener('click', async () => {
  try {
    const { secret, uri } = await api('POST', '/api/2fa/enrol', {});
    $('twofa-secret').textContent = secret;
    $('twofa-uri').textContent = uri;
    $('twofa-setup').hidden = false;
  } catch (e) { notify(e.message); }
});

onSubmit('twofa-confirm', async (form) => {
  const { recoveryCodes } = await api('POST', '/api/2fa/confirm', formData(form));
  form.reset();
  $('recovery-codes').replaceChildren(...recoveryCodes.map((c) => el('li', c)));
  $('recovery').hidden = false;
  notify('Two-factor sign-in is on. Keep your recovery codes somewhere safe.', true);
  await loadSecurity();
});

onSubmit('twofa-disable', async (form) => {
  await api('POST', '/api/2fa/disable', formData(form));
  form.reset();
  $('recovery').hidden = true;
  notify('Two-factor sign-in is off.', true);
  await loadSecurity();
});

onSubmit('email-change', async (form) => {
  const { email } = formData(form);
  await api('POST', '/api/me/email', { email });
  form.reset();
  notify('We sent a confirmation link to ' + email + '. Your address stays the same until you open it.', true);
});

onSubmit('message-form', async (form) => {
  await api('POST', '/api/messages', formData(form));
  form.reset();
  notify('Message sent.', true);
  await loadMessages();
});

onSubmit('contact-form', async (form) => {
  await api('POST', '/api/contact', formData(form));
  form.reset();
  notify('Thank you: we received your message.', true);
});

$('logout').addEventListener('click', async () => {
  await api('POST', '/api/logout', {});
  await refreshMe();
  notify('Signed out.', true);
});

$('provider').addEventListener('change', () => loadSlots().catch((e) => notify(e.message)));

// The link of an e-mail change confirmation: /?confirm-email=<token>. The token leaves the address bar at once.
async function confirmEmailFromLink() {
  const token = new URLSearchParams(location.search).get('confirm-email');
  if (!token) return;
  history.replaceState(null, '', location.pathname);
  const { user } = await api('POST', '/api/me/email/confirm', { token });
  notify('Your e-mail address is now ' + user.email + '.', true);
}

(async () => {
  try {
    await Promise.all([loadProviders(), loadResources()]);
    await confirmEmailFromLink().catch((e) => notify(e.message));
    await refreshMe();
  } catch (e) { notify(e.message); }
})();

/*
 * Baton: Chatwoot's website SDK for pages that embed Chatwoot's snippet. Only the snippet's baseUrl changes:
 *   window.chatwootSDK.run({ websiteToken: '…', baseUrl: 'https://baton.example' })
 * loads Baton's widget (/widget.js) for that inbox and gives the page $chatwoot (toggle, setUser,
 * setCustomAttributes, deleteCustomAttribute) and the chatwoot:ready event. Calls made before the widget is ready
 * are kept and run when it is. Methods Baton has no counterpart for are accepted and do nothing.
 */
(function () {
  'use strict';
  if (window.chatwootSDK && window.chatwootSDK.baton) return;
  var queue = [];
  var ready = false;

  function call(name, args) {
    if (!ready) {
      queue.push([name, args]);
      return;
    }
    var result = window.$baton[name].apply(null, args);
    if (result && typeof result.catch === 'function') {
      result.catch(function (e) { console.warn('[baton] $chatwoot.' + name + ' failed', e); });
    }
  }

  function nothing() {}

  window.$chatwoot = {
    hasLoaded: false,
    isOpen: false,
    toggle: function (state) { call('toggle', [state === 'open' || state === 'close' ? state : undefined]); },
    setUser: function (identifier, user) {
      user = user || {};
      call('setUser', [String(identifier), { name: user.name, email: user.email, identifier_hash: user.identifier_hash }]);
    },
    setCustomAttributes: function (attributes) { call('setCustomAttributes', [attributes || {}]); },
    deleteCustomAttribute: function (key) {
      var attributes = {};
      attributes[key] = null;
      call('setCustomAttributes', [attributes]);
    },
    setLocale: nothing,
    setLabel: nothing,
    removeLabel: nothing,
    setConversationCustomAttributes: nothing,
    deleteConversationCustomAttribute: nothing,
    toggleBubbleVisibility: nothing,
    popoutChatWindow: nothing,
    reset: nothing
  };

  window.chatwootSDK = {
    baton: true,
    run: function (options) {
      options = options || {};
      if (!options.websiteToken) {
        console.warn('[baton] chatwootSDK.run needs a websiteToken');
        return;
      }
      var base = String(options.baseUrl || '').replace(/\/+$/, '');
      var settings = window.chatwootSettings || {};
      var locale = options.locale || settings.locale;
      window.batonSettings = window.batonSettings || {};
      if (locale && !window.batonSettings.locale) window.batonSettings.locale = locale;
      window.addEventListener('baton:ready', function () {
        ready = true;
        window.$chatwoot.hasLoaded = true;
        var pending = queue;
        queue = [];
        for (var i = 0; i < pending.length; i++) call(pending[i][0], pending[i][1]);
        window.dispatchEvent(new Event('chatwoot:ready'));
      }, { once: true });
      var script = document.createElement('script');
      script.src = base + '/widget.js';
      script.defer = true;
      script.setAttribute('data-website-token', options.websiteToken);
      script.setAttribute('data-base-url', base + '/');
      (document.body || document.head).appendChild(script);
    }
  };
})();

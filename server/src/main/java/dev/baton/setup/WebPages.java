package dev.baton.setup;

import dev.baton.inbox.InboxService;
import dev.baton.inbox.WidgetSnippet;
import dev.baton.shared.BatonException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The agent app's entry points (a single-page app under /app/) and the demo page. */
@Controller
class WebPages {

    private final SetupRepository setup;
    private final InboxService inboxes;

    WebPages(SetupRepository setup, InboxService inboxes) {
        this.setup = setup;
        this.inboxes = inboxes;
    }

    @GetMapping("/")
    String root() {
        return "redirect:/app/";
    }

    @GetMapping("/app")
    String app() {
        return "redirect:/app/";
    }

    /** The workspace's entry; deeper links are served by {@link AgentAppResources}. */
    @GetMapping("/app/")
    String appIndex() {
        return "forward:/app/index.html";
    }

    @GetMapping(value = "/demo", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> demo() {
        long inboxId = setup.demoInbox().orElseThrow(() -> BatonException.notFound("Demo page"));
        String token = inboxes.byId(inboxId).orElseThrow(() -> BatonException.notFound("Demo page")).identifier();
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
        String html = """
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>Alpine Outfitters · Baton demo</title>
                  <style>
                    body { font-family: system-ui, sans-serif; margin: 0; color: #1d2433; background: #f6f8fb; }
                    header { background: #0f3d3e; color: #fff; padding: 2rem 3rem; }
                    main { max-width: 46rem; padding: 2rem 3rem; line-height: 1.6; }
                    .hint { background: #fff; border: 1px solid #d9e0ea; border-radius: 8px; padding: 1rem 1.25rem; }
                  </style>
                </head>
                <body>
                  <header><h1>Alpine Outfitters</h1><p>Boots, tents and good advice for the mountains.</p></header>
                  <main>
                    <h2>This is Baton's demo page</h2>
                    <p class="hint">Open the chat bubble at the bottom right and write a message as a visitor.
                    Then sign in to the <a href="/app/">agent workspace</a> in another window: the conversation
                    arrives there live, and your answer appears here live.</p>
                  </main>
                  %s
                </body>
                </html>
                """.formatted(WidgetSnippet.of(HtmlUtils.htmlEscape(base), HtmlUtils.htmlEscape(token)));
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(html);
    }
}

package dev.baton.conversation;

import dev.baton.account.CurrentUser;
import dev.baton.shared.BatonException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves stored images: to agents who may see the conversation, and to the visitor by the
 * attachment's unguessable token. Always with the type detected on upload, {@code nosniff} and inline.
 */
@RestController
class AttachmentController {

    private final AttachmentRepository repository;
    private final Attachments attachments;
    private final ConversationService conversations;

    AttachmentController(AttachmentRepository repository, Attachments attachments, ConversationService conversations) {
        this.repository = repository;
        this.attachments = attachments;
        this.conversations = conversations;
    }

    @GetMapping("/api/v1/accounts/{accountId}/attachments/{id}")
    ResponseEntity<Resource> forAgent(@PathVariable long accountId, @PathVariable long id,
                                      @AuthenticationPrincipal CurrentUser user) {
        Attachment a = repository.find(accountId, id).orElseThrow(() -> BatonException.notFound("Attachment"));
        conversations.visible(accountId, user, a.conversationId()); // 404 when the caller may not see it
        return serve(a, CacheControl.maxAge(Duration.ofHours(1)).cachePrivate());
    }

    @GetMapping("/public/attachments/{token}")
    ResponseEntity<Resource> forVisitor(@PathVariable String token) {
        if (token.length() > 64) {
            throw BatonException.notFound("Attachment");
        }
        Attachment a = repository.findPublic(token).orElseThrow(() -> BatonException.notFound("Attachment"));
        return serve(a, CacheControl.maxAge(Duration.ofDays(1)).cachePrivate());
    }

    private ResponseEntity<Resource> serve(Attachment a, CacheControl cache) {
        Path path = attachments.path(a);
        if (!Files.isRegularFile(path)) {
            throw BatonException.notFound("Attachment");
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(a.contentType()))
                .contentLength(a.byteSize())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().build().toString())
                .cacheControl(cache)
                .body(new FileSystemResource(path));
    }
}

package dev.baton.account;

import dev.baton.shared.BatonException;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Uploaded avatars, for anyone who has the URL (the widget shows agents' pictures to visitors). The URL names the
 * picture's content hash, so it never changes meaning: cached for a year, immutable; a new picture has a new URL.
 */
@RestController
class AvatarController {

    private final AccountService accounts;

    AvatarController(AccountService accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/avatars/{userId}/{version}.png")
    ResponseEntity<byte[]> avatar(@PathVariable long userId, @PathVariable String version) {
        byte[] png = accounts.avatar(userId, version).orElseThrow(() -> BatonException.notFound("Avatar"));
        return ResponseEntity.ok()
                .contentType(MediaType.IMAGE_PNG)
                .cacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
                .eTag('"' + version + '"')
                .header("X-Content-Type-Options", "nosniff")
                .body(png);
    }
}

package dev.baton.contact;

import dev.baton.account.CurrentUser;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Chatwoot's {@code /custom_attribute_definitions}: a plain array, the definitions in its shape. */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}/custom_attribute_definitions")
class CustomAttributeController {

    record Body(String attributeDisplayName, Object attributeDisplayType, String attributeDescription, String attributeKey,
                Object attributeModel, List<String> attributeValues, String regexPattern, String regexCue) {

        CustomAttributes.Change change() {
            return new CustomAttributes.Change(attributeDisplayName, attributeDisplayType, attributeDescription, attributeKey,
                    attributeModel, attributeValues, regexPattern, regexCue);
        }
    }

    record View(long id, String attributeDisplayName, String attributeDisplayType, String attributeDescription,
                String attributeKey, List<String> attributeValues, String attributeModel, String regexPattern, String regexCue,
                String defaultValue, String createdAt, String updatedAt) {

        static View of(AttributeDefinition d) {
            return new View(d.id(), d.displayName(), d.type().wire(), d.description(), d.key(), d.values(), d.model().wire(),
                    d.regexPattern(), d.regexCue(), null, d.createdAt().toString(), d.updatedAt().toString());
        }
    }

    private final CustomAttributes attributes;

    CustomAttributeController(CustomAttributes attributes) {
        this.attributes = attributes;
    }

    @GetMapping
    List<View> list(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                    @RequestParam(name = "attribute_model", required = false) String model) {
        return attributes.list(accountId, user, model).stream().map(View::of).toList();
    }

    @GetMapping("/{id}")
    View show(@PathVariable long accountId, @PathVariable long id, @AuthenticationPrincipal CurrentUser user) {
        return View.of(attributes.get(accountId, user, id));
    }

    @PostMapping
    View create(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user, @RequestBody Body body) {
        return View.of(attributes.create(accountId, user, body.change()));
    }

    @PatchMapping("/{id}")
    View update(@PathVariable long accountId, @PathVariable long id, @AuthenticationPrincipal CurrentUser user,
                @RequestBody Body body) {
        return View.of(attributes.update(accountId, user, id, body.change()));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long accountId, @PathVariable long id, @AuthenticationPrincipal CurrentUser user) {
        attributes.delete(accountId, user, id);
        return ResponseEntity.ok().build();
    }
}

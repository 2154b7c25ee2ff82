package dev.baton.shared;

/**
 * Offset paging in Chatwoot's style ({@code page} from 1). Every list endpoint goes through this,
 * so a page is bounded whatever a client sends.
 */
public record Paging(int page, int size) {

    public static final int MAX_PAGE = 10_000;

    public Paging {
        if (page < 1) {
            throw BatonException.invalid("page", "range", "page must be 1 or more");
        }
        if (page > MAX_PAGE) {
            throw BatonException.invalid("page", "range", "page must be " + MAX_PAGE + " or less");
        }
    }

    public static Paging of(Integer page, int size) {
        return new Paging(page == null ? 1 : page, size);
    }

    public long offset() {
        return (long) (page - 1) * size;
    }
}

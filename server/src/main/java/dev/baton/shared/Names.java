package dev.baton.shared;

/** Field names travel as snake_case on the wire (Chatwoot's convention). */
public final class Names {

    private Names() {
    }

    public static String snake(String camel) {
        if (camel == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

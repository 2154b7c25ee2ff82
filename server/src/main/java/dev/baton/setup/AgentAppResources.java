package dev.baton.setup;

import java.io.IOException;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;

/**
 * Serves the agent workspace (a single-page app) under /app/: its files as they are, and index.html
 * for every deep link without a file extension, so that a reload on /app/accounts/1/conversations/5 works.
 */
@Configuration(proxyBeanMethods = false)
class AgentAppResources implements WebMvcConfigurer {

    private static final String LOCATION = "classpath:/META-INF/resources/app/";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/app/**").addResourceLocations(LOCATION).resourceChain(true)
                .addResolver(new PathResourceResolver() {
                    @Override
                    protected Resource getResource(String path, Resource location) throws IOException {
                        Resource file = location.createRelative(path);
                        if (!path.isEmpty() && file.exists() && file.isReadable()) {
                            return file;
                        }
                        String last = path.substring(path.lastIndexOf('/') + 1);
                        return last.contains(".") ? null : location.createRelative("index.html");
                    }
                });
    }
}

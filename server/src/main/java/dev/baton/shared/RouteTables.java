package dev.baton.shared;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Spring MVC finds a request's handler by testing it against every mapping whose path has a variable, and nearly all
 * of Baton's ~216 have one: for a visitor message that scan was 6% of the request's CPU (docs/adr/0071). The public
 * Client API ({@code /public/**}, every request of the widget) has its own table, asked first and only about
 * {@code /public/} paths, so a widget request is tested against the public API's few mappings; the main table
 * (Spring Boot's, made here) holds every other mapping. Both are Spring MVC's own handler mapping, configured alike
 * (path parser, content negotiation, CORS, interceptors), so a route's matching, 404, 405 and 406 are unchanged.
 */
@Configuration(proxyBeanMethods = false)
class RouteTables {

    static final String PUBLIC = "/public/";

    @Bean
    WebMvcRegistrations mainRouteTable() {
        return new WebMvcRegistrations() {
            @Override
            public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                return new RouteTable(false);
            }
        };
    }

    /** Not an autowire candidate: whoever injects "the" RequestMappingHandlerMapping by type still gets Boot's. */
    @Bean(autowireCandidate = false)
    RequestMappingHandlerMapping publicRouteTable(
            @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping main) {
        RouteTable table = new RouteTable(true);
        table.setOrder(main.getOrder() - 1);
        table.setPatternParser(main.getPatternParser());
        table.setContentNegotiationManager(main.getContentNegotiationManager());
        table.setPathPrefixes(main.getPathPrefixes());
        if (main.getApiVersionStrategy() != null) {
            table.setApiVersionStrategy(main.getApiVersionStrategy());
        }
        if (main.getCorsConfigurationSource() != null) {
            table.setCorsConfigurationSource(main.getCorsConfigurationSource());
        }
        table.setCorsProcessor(main.getCorsProcessor());
        // the main table's interceptors, those found in the context included (hence no second detection below)
        table.setInterceptors((Object[]) main.getAdaptedInterceptors());
        return table;
    }

    /** One of the two tables: the public API's mappings ({@code publicOnly}) or all others. */
    static final class RouteTable extends RequestMappingHandlerMapping {

        private final boolean publicOnly;

        RouteTable(boolean publicOnly) {
            this.publicOnly = publicOnly;
        }

        @Override
        protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo mapping) {
            if (isPublic(mapping, method) == publicOnly) {
                super.registerHandlerMethod(handler, method, mapping);
            }
        }

        @Override
        protected HandlerMethod getHandlerInternal(HttpServletRequest request) throws Exception {
            if (publicOnly && !initLookupPath(request).startsWith(PUBLIC)) {
                return null;
            }
            return super.getHandlerInternal(request);
        }

        @Override
        protected void detectMappedInterceptors(List<HandlerInterceptor> mappedInterceptors) {
            if (!publicOnly) {
                super.detectMappedInterceptors(mappedInterceptors);
            }
        }

        /**
         * A mapping belongs to the public table when all its paths are under {@code /public/}; one with paths on both
         * sides would be found by neither table for some of them, so it is refused at start.
         */
        static boolean isPublic(RequestMappingInfo mapping, Method method) {
            long inPublic = mapping.getPatternValues().stream().filter(p -> p.startsWith(PUBLIC)).count();
            if (inPublic > 0 && inPublic < mapping.getPatternValues().size()) {
                throw new IllegalStateException(method + " maps paths both under " + PUBLIC + " and elsewhere: "
                        + mapping.getPatternValues() + "; split it (dev.baton.shared.RouteTables)");
            }
            return inPublic > 0;
        }
    }
}

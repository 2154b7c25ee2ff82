package dev.baton.account;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/accounts/{accountId}")
class AccountController {

    private final AccountService accounts;
    private final AccountRepository repository;

    AccountController(AccountService accounts, AccountRepository repository) {
        this.accounts = accounts;
        this.repository = repository;
    }

    @GetMapping
    AccountViews.AccountView show(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user) {
        accounts.requireMember(accountId, user);
        return view(accounts.account(accountId));
    }

    @PatchMapping
    AccountViews.AccountView update(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                                    @RequestBody AccountService.SettingsChange body) {
        return view(accounts.updateSettings(accountId, user, body));
    }

    private AccountViews.AccountView view(Account a) {
        return new AccountViews.AccountView(a.id(), a.name(), a.locale(), a.maxMessageLength(), a.licenceSeats(),
                repository.countLicensed(a.id()), a.wrapUpRequired(), a.timeZone(), a.escalationLabel(), a.createdAt().getEpochSecond(),
                a.businessHours().enabled(), a.businessHours().week(), a.businessHours().holidayDates(), accounts.maxLicenceSeats());
    }
}

package dev.baton.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SSRF policy's address checks, IPv4 and IPv6 with the forms that carry an IPv4 address. */
class AddressPolicyTests {

    @ParameterizedTest
    @ValueSource(strings = {
            "127.0.0.1", "127.255.255.254", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "0.0.0.0", "0.1.2.3", "100.64.0.1", "100.127.255.255", "224.0.0.1", "239.255.255.255",
            "240.0.0.1", "255.255.255.255", "192.0.0.8", "192.0.2.10", "198.18.0.1", "198.19.255.255", "198.51.100.7",
            "203.0.113.9", "192.88.99.1",
            "::1", "::", "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:169.254.169.254", "::127.0.0.1", "::10.0.0.1",
            "::ffff:0:127.0.0.1", "64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b:1::1", "2002:7f00:1::1", "2002:a9fe:a9fe::1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:db8::1", "fc00::1", "fd12:3456::1", "fe80::1", "febf::1",
            "fec0::1", "ff02::1", "100::1", "4000::1"})
    void refusesAddressesThatAreNotPublicUnicast(String address) throws Exception {
        assertThat(AddressPolicy.refusal(InetAddress.getByName(address))).as(address).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "100.63.255.255",
            "100.128.0.1", "192.169.0.1", "169.253.1.1", "223.255.255.254", "2606:4700:4700::1111", "2a00:1450:4001::200e",
            "::ffff:93.184.215.14", "64:ff9b::5db8:d70e", "2002:5db8:d70e::1"})
    void allowsPublicUnicastAddresses(String address) throws Exception {
        assertThat(AddressPolicy.refusal(InetAddress.getByName(address))).as(address).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fe80::1%1"})
    void refusesScopedAddresses(String address) throws Exception {
        assertThat(AddressPolicy.refusal(InetAddress.getByName(address))).isPresent();
    }
}

package dev.skiff.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import org.junit.jupiter.api.Test;

/** Two local clusters on one machine get disjoint addresses, whoever else runs one. */
class LocalSlotTest {

    @Test
    void aHeldSlotIsNotGivenTwiceAndItsAddressesAndRangesDiffer() {
        try (LocalSlot a = LocalSlot.acquire(1); LocalSlot b = LocalSlot.acquire(a.index())) {
            assertThat(b.index()).isNotEqualTo(a.index());
            assertThat(a.nodeAddress(1)).isEqualTo("127.0." + a.index() + ".1");
            assertThat(b.nodeAddress(2)).isEqualTo("127.0." + b.index() + ".2");
            assertThat(b.serviceRanges().serviceCIDR()).isNotEqualTo(a.serviceRanges().serviceCIDR());
        }
    }

    @Test
    void slotOneKeepsTheDocumentedServiceRange() {
        assertThat(LocalSlot.rangesFor(1).serviceCIDR()).isEqualTo("127.77.0.0/16");
        assertThat(LocalSlot.rangesFor(3).serviceCIDR()).isEqualTo("127.79.0.0/16");
    }

    @Test
    void aClusterHoldingNoLockIsSeenByItsDnsPort() throws Exception {
        int k;
        try (LocalSlot free = LocalSlot.acquire(1)) {
            k = free.index();
        }
        // what an agent of a cluster without slots (an older build) binds: its DNS on 127.0.k.1:10053
        try (DatagramSocket dns = new DatagramSocket(null)) {
            dns.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            dns.bind(new InetSocketAddress("127.0." + k + ".1", 10053));
            try (LocalSlot next = LocalSlot.acquire(k)) {
                assertThat(next.index()).isNotEqualTo(k);
            }
        }
    }
}

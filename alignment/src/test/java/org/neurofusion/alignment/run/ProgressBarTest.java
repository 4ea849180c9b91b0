package org.neurofusion.alignment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final AtomicLong now = new AtomicLong();

    @Test
    void terminalBarShowsRateAndTimeLeft() {
        StringWriter out = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(out), true, now::get);
        bar.startEpoch(3, 20, 120);
        now.set(2_000_000_000L); // 40 steps in 2 s: 20 steps/s, 80 left -> 4 s
        bar.advance(40);
        assertEquals("\repoch 3/20 [##########....................]  33% 40/120 steps 20.0 steps/s ETA 0:04",
                out.toString());
        now.addAndGet(100_000_000L);
        bar.advance(1); // within 0.2 s of the last draw: not redrawn
        assertEquals(1, out.toString().split("\r", -1).length - 1);
        now.set(6_000_000_000L);
        bar.advance(79);
        bar.endEpoch("loss 0.41");
        String[] draws = out.toString().split("\r");
        assertTrue(draws[2].startsWith("epoch 3/20 [" + "#".repeat(30) + "] 100% 120/120 steps 20.0 steps/s ETA 0:00"),
                out.toString());
        assertTrue(out.toString().endsWith("\repoch 3/20: 120 steps in 6.0 s (20.0 steps/s); loss 0.41"
                + System.lineSeparator()), out.toString());
    }

    @Test
    void elsewhereOneLinePerEpoch() {
        StringWriter out = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(out), false, now::get);
        for (int epoch = 1; epoch <= 2; epoch++) {
            bar.startEpoch(epoch, 2, 10);
            for (int i = 0; i < 10; i++) {
                now.addAndGet(250_000_000L);
                bar.advance(1);
            }
            bar.endEpoch("");
        }
        assertEquals("epoch 1/2: 10 steps in 2.5 s (4.0 steps/s)" + System.lineSeparator()
                + "epoch 2/2: 10 steps in 2.5 s (4.0 steps/s)" + System.lineSeparator(), out.toString());
    }

    @Test
    void clockReadsHoursFromAnHourOn() {
        assertEquals("0:59", ProgressBar.clock(59.4));
        assertEquals("59:59", ProgressBar.clock(3599));
        assertEquals("1:00:01", ProgressBar.clock(3601));
    }
}

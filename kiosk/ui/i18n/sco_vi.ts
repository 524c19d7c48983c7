<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>AccessibilitySheet</name>
    <message>
        <location filename="../overlays.py" line="+350"/>
        <source>Accessibility</source>
        <translation>Trợ năng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>High contrast</source>
        <translation>Độ tương phản cao</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Large text</source>
        <translation>Chữ lớn</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Spoken prompts</source>
        <translation>Hướng dẫn bằng giọng nói</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You can also use the keyboard: Tab moves, Enter presses.</source>
        <translation>Bạn cũng có thể dùng bàn phím: Tab để di chuyển, Enter để chọn.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>Xong</translation>
    </message>
</context>
<context>
    <name>AttendantScreen</name>
    <message>
        <location filename="../screens/attendant.py" line="+224"/>
        <source>Nothing to do.</source>
        <translation>Không có việc cần xử lý.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The basket is empty.</source>
        <translation>Giỏ hàng trống.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>No device reports yet.</source>
        <translation>Chưa có báo cáo thiết bị.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Open interventions</source>
        <translation>Việc cần xử lý</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Basket</source>
        <translation>Giỏ hàng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total: {amount}</source>
        <translation>Tổng cộng: {amount}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Signed in: {name}</source>
        <translation>Đã đăng nhập: {name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transaction {id}</source>
        <translation>Giao dịch {id}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel transaction</source>
        <translation>Hủy giao dịch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Suspend transaction</source>
        <translation>Tạm dừng giao dịch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reprint receipt</source>
        <translation>In lại hóa đơn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close lane</source>
        <translation>Đóng quầy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open lane</source>
        <translation>Mở quầy</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Devices</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign out</source>
        <translation>Đăng xuất</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../screens/attract.py" line="+113"/>
        <source>Welcome</source>
        <translation>Xin chào</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scan an item to start</source>
        <translation>Quét một món hàng để bắt đầu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hold the barcode under the red light.</source>
        <translation>Đưa mã vạch vào dưới tia sáng đỏ.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose your language</source>
        <translation>Chọn ngôn ngữ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>I brought my own bag</source>
        <translation>Tôi mang túi riêng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Item without a barcode</source>
        <translation>Hàng không có mã vạch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accessibility</source>
        <translation>Trợ năng</translation>
    </message>
</context>
<context>
    <name>BaggingScreen</name>
    <message>
        <location filename="../screens/bagging.py" line="+63"/>
        <source>Place the item in the bagging area</source>
        <translation>Hãy đặt món hàng vào khu vực đóng túi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Then scan your next item.</source>
        <translation>Sau đó quét món tiếp theo.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Skip bagging</source>
        <translation>Không cần đóng túi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total so far: {amount}</source>
        <translation>Tổng tạm tính: {amount}</translation>
    </message>
</context>
<context>
    <name>Categories</name>
    <message>
        <location filename="../texts.py" line="+127"/>
        <source>Fruit &amp; vegetables</source>
        <translation>Trái cây &amp; rau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bakery</source>
        <translation>Bánh mì</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Flowers</source>
        <translation>Hoa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Meat</source>
        <translation>Thịt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fish</source>
        <translation>Cá</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dairy</source>
        <translation>Sữa &amp; chế phẩm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Snacks</source>
        <translation>Đồ ăn vặt</translation>
    </message>
</context>
<context>
    <name>DeclinedBox</name>
    <message>
        <location filename="../screens/payment.py" line="+48"/>
        <source>The payment was declined</source>
        <translation>Thanh toán bị từ chối</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The payment was cancelled</source>
        <translation>Thanh toán đã bị hủy</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Please try again or use another card.</source>
        <translation>Vui lòng thử lại hoặc dùng thẻ khác.</translation>
    </message>
</context>
<context>
    <name>Devices</name>
    <message>
        <location filename="../texts.py" line="-21"/>
        <source>scanner</source>
        <translation>máy quét</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bagging scale</source>
        <translation>cân ở khu vực đóng túi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>scale at the scanner</source>
        <translation>cân ở máy quét</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>receipt printer</source>
        <translation>máy in hóa đơn</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>card terminal</source>
        <translation>máy thanh toán thẻ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>working</source>
        <translation>hoạt động</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not connected</source>
        <translation>mất kết nối</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fault</source>
        <translation>lỗi</translation>
    </message>
</context>
<context>
    <name>InterventionRow</name>
    <message>
        <location filename="../screens/attendant.py" line="-219"/>
        <source>Approve</source>
        <translation>Chấp thuận</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reject</source>
        <translation>Từ chối</translation>
    </message>
</context>
<context>
    <name>Interventions</name>
    <message>
        <location filename="../texts.py" line="+17"/>
        <source>Age check ({age}+): {item}</source>
        <translation>Kiểm tra tuổi ({age}+): {item}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight does not match: {item}</source>
        <translation>Cân nặng không khớp: {item}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unexpected item in the bagging area</source>
        <translation>Có món hàng lạ ở khu vực đóng túi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Item removed from the bagging area</source>
        <translation>Món hàng bị lấy ra khỏi khu vực đóng túi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove from the basket: {item}</source>
        <translation>Bỏ khỏi giỏ hàng: {item}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The customer asked for help</source>
        <translation>Khách hàng cần trợ giúp</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device fault: {device}</source>
        <translation>Lỗi thiết bị: {device}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Payment problem</source>
        <translation>Sự cố thanh toán</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Born on or before {date}</source>
        <translation>Sinh vào hoặc trước ngày {date}</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <location filename="../controls.py" line="+395"/>
        <source>Add</source>
        <translation>Thêm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the last digit</source>
        <translation>Xóa chữ số cuối</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PLU code</source>
        <translation>Mã PLU</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../window.py" line="+186"/>
        <source>Self-checkout – {lane}</source>
        <translation>Tự thanh toán – {lane}</translation>
    </message>
</context>
<context>
    <name>LanguageSheet</name>
    <message>
        <location filename="../overlays.py" line="-59"/>
        <source>Choose your language</source>
        <translation>Chọn ngôn ngữ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
</context>
<context>
    <name>LetterPad</name>
    <message>
        <location filename="../screens/lookup.py" line="+231"/>
        <source>Space</source>
        <translation>Dấu cách</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hide keyboard</source>
        <translation>Ẩn bàn phím</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the last letter</source>
        <translation>Xóa chữ cái cuối</translation>
    </message>
</context>
<context>
    <name>LineRow</name>
    <message>
        <location filename="../screens/scanning.py" line="+66"/>
        <source>Removal requested</source>
        <translation>Đã yêu cầu bỏ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>Bỏ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove {item}</source>
        <translation>Bỏ {item}</translation>
    </message>
</context>
<context>
    <name>LookupScreen</name>
    <message>
        <location filename="../screens/lookup.py" line="+247"/>
        <source>Look up an item</source>
        <translation>Tìm món hàng</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+10"/>
        <source>Search by name</source>
        <translation>Tìm theo tên</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Back to my items</source>
        <translation>Quay lại giỏ hàng</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All</source>
        <translation>Tất cả</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No items found. Try another word or the code.</source>
        <translation>Không tìm thấy. Hãy thử từ khác hoặc nhập mã.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter the code</source>
        <translation>Nhập mã</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The number on the sticker (PLU)</source>
        <translation>Số trên nhãn dán (PLU)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>On the scale:</source>
        <translation>Trên cân:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The scale is not working: ask for help with loose items.</source>
        <translation>Cân đang không hoạt động: hãy nhờ nhân viên giúp với hàng bán theo cân.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Weighing: keep it still.</source>
        <translation>Đang cân: xin giữ yên món hàng.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Put loose items on the scale at the scanner, then choose them.</source>
        <translation>Đặt hàng bán theo cân lên cân ở máy quét, rồi chọn món hàng.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Put loose items in the bagging area, then choose them.</source>
        <translation>Đặt hàng bán theo cân vào khu vực đóng túi, rồi chọn món hàng.</translation>
    </message>
</context>
<context>
    <name>MessageScreen</name>
    <message>
        <location filename="../screens/message.py" line="+98"/>
        <source>An attendant has been called and is on the way.</source>
        <translation>Nhân viên đã được gọi và đang đến.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>I no longer need help</source>
        <translation>Tôi không cần trợ giúp nữa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continue scanning</source>
        <translation>Tiếp tục quét</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Age check needed</source>
        <translation>Cần kiểm tra tuổi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{item} may only be sold to people aged {age} or over.</source>
        <translation>{item} chỉ được bán cho người từ {age} tuổi trở lên.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Please have your ID ready. You can keep scanning meanwhile.</source>
        <translation>Vui lòng chuẩn bị giấy tờ tùy thân. Trong lúc chờ, bạn có thể tiếp tục quét.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The weight of {item} is not what we expected.</source>
        <translation>Cân nặng của {item} không như dự kiến.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The weight in the bagging area is not what we expected.</source>
        <translation>Cân nặng ở khu vực đóng túi không như dự kiến.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please check the bagging area</source>
        <translation>Vui lòng kiểm tra khu vực đóng túi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make sure only this item was added, then leave the bag still.</source>
        <translation>Hãy chắc rằng chỉ món hàng này được đặt vào, rồi để yên túi.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unexpected item in the bagging area</source>
        <translation>Có món hàng lạ ở khu vực đóng túi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Something was placed in the bagging area without a scan.</source>
        <translation>Có thứ được đặt vào khu vực đóng túi mà chưa quét.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please take it out. Scan it first if you want to buy it.</source>
        <translation>Vui lòng lấy ra. Nếu muốn mua, hãy quét trước.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An item was taken from the bagging area</source>
        <translation>Một món hàng đã bị lấy ra khỏi khu vực đóng túi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The bagging area is lighter than it should be.</source>
        <translation>Khu vực đóng túi nhẹ hơn so với dự kiến.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please put the item back in the bagging area.</source>
        <translation>Vui lòng đặt món hàng trở lại khu vực đóng túi.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nothing has happened here for a while, so we asked someone to check.</source>
        <translation>Đã lâu không có thao tác nào, nên chúng tôi đã nhờ nhân viên đến xem.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You asked for help.</source>
        <translation>Bạn đã yêu cầu trợ giúp.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Help is on the way</source>
        <translation>Nhân viên đang đến giúp bạn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please stay at the checkout.</source>
        <translation>Vui lòng ở lại quầy thanh toán.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The {device} is not working.</source>
        <translation>Thiết bị {device} không hoạt động.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A device of this checkout is not working.</source>
        <translation>Một thiết bị của quầy này không hoạt động.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sorry, this checkout has a problem</source>
        <translation>Xin lỗi, quầy này đang gặp sự cố</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please wait. Scanning is paused until it is fixed.</source>
        <translation>Vui lòng chờ. Việc quét tạm dừng cho đến khi khắc phục xong.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Please wait, we are checking with the bank</source>
        <translation>Vui lòng chờ, chúng tôi đang kiểm tra với ngân hàng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>We do not know yet whether your payment went through.</source>
        <translation>Chúng tôi chưa biết thanh toán của bạn đã thành công hay chưa.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please do not pay again. This can take a minute.</source>
        <translation>Vui lòng không thanh toán lại. Việc này có thể mất một phút.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This checkout is out of order</source>
        <translation>Quầy này đang bị hỏng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sorry for the inconvenience.</source>
        <translation>Xin lỗi vì sự bất tiện.</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>Please use another checkout.</source>
        <translation>Vui lòng dùng quầy khác.</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>This checkout is closed</source>
        <translation>Quầy này đã đóng</translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message>
        <location filename="../texts.py" line="-122"/>
        <source>That barcode did not scan correctly. Please scan it again.</source>
        <translation>Mã vạch chưa quét đúng. Vui lòng quét lại.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>We could not read that barcode. Please scan it again or look the item up.</source>
        <translation>Không đọc được mã vạch. Vui lòng quét lại hoặc tìm món hàng.</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+28"/>
        <source>We could not find this item. Please put it aside; an attendant can help.</source>
        <translation>Không tìm thấy món hàng này. Vui lòng để riêng ra; nhân viên sẽ giúp bạn.</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>There is no item with this code. Please check the number on the sticker.</source>
        <translation>Không có món hàng với mã này. Vui lòng kiểm tra số trên nhãn.</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+2"/>
        <source>Please place this item on the scale first, then choose it again.</source>
        <translation>Vui lòng đặt món hàng lên cân trước, rồi chọn lại.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Please put this item on the scale at the scanner and keep it still, then try again.</source>
        <translation>Vui lòng đặt món hàng lên cân ở máy quét và giữ yên, rồi thử lại.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The scale at the scanner is not working: items sold by weight cannot be weighed now. Please ask for help.</source>
        <translation>Cân ở máy quét đang không hoạt động: hiện không thể cân các mặt hàng bán theo cân. Vui lòng nhờ trợ giúp.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Please wait for the attendant before you scan more items.</source>
        <translation>Vui lòng chờ nhân viên trước khi quét thêm.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You can pay as soon as the attendant has checked your items.</source>
        <translation>Bạn có thể thanh toán ngay khi nhân viên kiểm tra xong hàng.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Please scan an item first.</source>
        <translation>Vui lòng quét một món hàng trước.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please finish the card payment on the terminal first.</source>
        <translation>Vui lòng hoàn tất thanh toán thẻ trên máy thanh toán trước.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A payment has already been made, so this visit cannot be cancelled here. An attendant can help.</source>
        <translation>Đã có khoản thanh toán nên không thể hủy lượt mua này tại đây. Nhân viên sẽ giúp bạn.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>That is not possible right now.</source>
        <translation>Hiện chưa thể làm việc này.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This coupon is already in your basket.</source>
        <translation>Phiếu giảm giá này đã có trong giỏ hàng của bạn.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>We do not know this coupon. Please keep it aside; an attendant can help.</source>
        <translation>Không nhận ra phiếu giảm giá này. Vui lòng để riêng ra; nhân viên sẽ giúp bạn.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>That line of your basket cannot be changed. An attendant can help.</source>
        <translation>Không thể thay đổi dòng này trong giỏ hàng. Nhân viên sẽ giúp bạn.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A device of this checkout is not working. An attendant has been told.</source>
        <translation>Một thiết bị của quầy này đang không hoạt động. Nhân viên đã được báo.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The card terminal is still checking an earlier payment. Please wait a moment and try again.</source>
        <translation>Máy thanh toán thẻ vẫn đang kiểm tra một khoản thanh toán trước. Xin vui lòng đợi một lát rồi thử lại.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The card terminal could not take the payment. Please try again or ask for help.</source>
        <translation>Máy thanh toán thẻ không nhận được thanh toán. Vui lòng thử lại hoặc nhờ trợ giúp.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The printer is running out of paper. An attendant has been told.</source>
        <translation>Máy in sắp hết giấy. Nhân viên đã được báo.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The printer cannot print right now. Here is your receipt as a QR code.</source>
        <translation>Máy in hiện không in được. Đây là hóa đơn của bạn dưới dạng mã QR.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>That name and PIN do not match. Please try again.</source>
        <translation>Tên và mã PIN không khớp. Vui lòng thử lại.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Too many wrong PINs: this name is locked for a few minutes.</source>
        <translation>Nhập sai mã PIN quá nhiều lần: tên này bị khóa trong vài phút.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This staff badge is not known here.</source>
        <translation>Thẻ nhân viên này không được nhận diện ở đây.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Staff sign-in did not work. Please try again.</source>
        <translation>Đăng nhập nhân viên không thành công. Vui lòng thử lại.</translation>
    </message>
</context>
<context>
    <name>PaymentPendingScreen</name>
    <message>
        <location filename="../screens/payment.py" line="+98"/>
        <source>Follow the instructions on the card terminal</source>
        <translation>Làm theo hướng dẫn trên máy thanh toán thẻ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Insert or tap your card</source>
        <translation>Cắm hoặc chạm thẻ của bạn</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Amount: {amount}</source>
        <translation>Số tiền: {amount}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel payment</source>
        <translation>Hủy thanh toán</translation>
    </message>
</context>
<context>
    <name>PaymentScreen</name>
    <message>
        <location line="-51"/>
        <source>Amount to pay</source>
        <translation>Số tiền cần trả</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Already paid: {amount}</source>
        <translation>Đã trả: {amount}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How would you like to pay?</source>
        <translation>Bạn muốn thanh toán bằng cách nào?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Card</source>
        <translation>Thẻ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Debit or credit card, phone or watch</source>
        <translation>Thẻ ghi nợ hoặc tín dụng, điện thoại hoặc đồng hồ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back to my items</source>
        <translation>Quay lại giỏ hàng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Receipt as QR code</source>
        <translation>Hóa đơn dạng mã QR</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>QR code receipt chosen</source>
        <translation>Đã chọn hóa đơn mã QR</translation>
    </message>
</context>
<context>
    <name>ProductTile</name>
    <message>
        <location filename="../screens/lookup.py" line="-405"/>
        <source>{price} each</source>
        <translation>{price} / cái</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <location filename="../screens/receipt.py" line="+82"/>
        <source>Scan this code with your phone to keep your receipt.</source>
        <translation>Quét mã này bằng điện thoại để lưu hóa đơn.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Payment accepted</source>
        <translation>Thanh toán thành công</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+6"/>
        <source>Your receipt is on the screen.</source>
        <translation>Hóa đơn của bạn hiển thị trên màn hình.</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Printing your receipt…</source>
        <translation>Đang in hóa đơn…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Thank you for shopping with us</source>
        <translation>Cảm ơn bạn đã mua sắm</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Please take your receipt.</source>
        <translation>Vui lòng lấy hóa đơn.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your payment is complete.</source>
        <translation>Thanh toán đã hoàn tất.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Done</source>
        <translation>Xong</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Don&apos;t forget your bags.</source>
        <translation>Đừng quên túi hàng của bạn.</translation>
    </message>
</context>
<context>
    <name>ScanningScreen</name>
    <message>
        <location filename="../screens/scanning.py" line="+275"/>
        <source>Your items</source>
        <translation>Hàng của bạn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scan your first item</source>
        <translation>Quét món hàng đầu tiên</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Just scanned</source>
        <translation>Vừa quét</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>You save</source>
        <translation>Bạn tiết kiệm</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Items</source>
        <translation>Số món</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Total</source>
        <translation>Tổng cộng</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Look up item</source>
        <translation>Tìm món hàng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pay</source>
        <translation>Thanh toán</translation>
    </message>
</context>
<context>
    <name>StaffSheet</name>
    <message>
        <location filename="../overlays.py" line="+116"/>
        <source>Staff sign-in</source>
        <translation>Nhân viên đăng nhập</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose your name and enter your PIN, or scan your staff badge.</source>
        <translation>Chọn tên của bạn và nhập mã PIN, hoặc quét thẻ nhân viên.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>PIN</source>
        <translation>Mã PIN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>This lane has no staff list yet: scan your staff badge, or sign in at the attendant station.</source>
        <translation>Quầy này chưa có danh sách nhân viên: hãy quét thẻ nhân viên, hoặc đăng nhập tại bàn giám sát.</translation>
    </message>
</context>
<context>
    <name>StillThereOverlay</name>
    <message>
        <location line="-165"/>
        <source>Are you still there?</source>
        <translation>Bạn vẫn còn ở đây chứ?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Touch the button to continue. Otherwise your shopping will be cancelled soon.</source>
        <translation>Chạm vào nút để tiếp tục. Nếu không, giao dịch sẽ sớm bị hủy.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>I&apos;m still here</source>
        <translation>Tôi vẫn ở đây</translation>
    </message>
</context>
<context>
    <name>Terminal</name>
    <message>
        <location filename="../texts.py" line="+5"/>
        <location line="+1"/>
        <source>Insert or tap your card</source>
        <translation>Cắm hoặc chạm thẻ của bạn</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Enter your PIN on the terminal</source>
        <translation>Nhập mã PIN trên máy thanh toán</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wrong PIN. Please enter it again</source>
        <translation>Sai mã PIN. Vui lòng nhập lại</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please take your card</source>
        <translation>Vui lòng rút thẻ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The card could not be read</source>
        <translation>Không đọc được thẻ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please wait</source>
        <translation>Vui lòng chờ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waiting for your bank</source>
        <translation>Đang chờ ngân hàng của bạn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Payment approved</source>
        <translation>Thanh toán được chấp thuận</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The payment was declined</source>
        <translation>Thanh toán bị từ chối</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your bank declined the payment</source>
        <translation>Ngân hàng của bạn đã từ chối thanh toán</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not enough funds on the card</source>
        <translation>Thẻ không đủ tiền</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The card has expired</source>
        <translation>Thẻ đã hết hạn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The card is blocked</source>
        <translation>Thẻ đã bị khóa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This card is not accepted here</source>
        <translation>Thẻ này không được chấp nhận tại đây</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The payment was cancelled</source>
        <translation>Thanh toán đã bị hủy</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Card payment is not available at this checkout</source>
        <translation>Quầy này không nhận thanh toán bằng thẻ</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <location filename="../overlays.py" line="-99"/>
        <source>Attendant mode</source>
        <translation>Chế độ nhân viên</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language: {name}</source>
        <translation>Ngôn ngữ: {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Accessibility</source>
        <translation>Trợ năng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Help</source>
        <translation>Trợ giúp</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Staff</source>
        <translation>Nhân viên</translation>
    </message>
</context>
<context>
    <name>VoidRow</name>
    <message>
        <location filename="../screens/attendant.py" line="+20"/>
        <source>Void</source>
        <translation>Hủy món</translation>
    </message>
</context>
</TS>

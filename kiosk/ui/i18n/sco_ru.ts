<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="en">
<context>
    <name>AccessibilitySheet</name>
    <message>
        <location filename="../overlays.py" line="+350"/>
        <source>Accessibility</source>
        <translation>Доступность</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>High contrast</source>
        <translation>Высокий контраст</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Large text</source>
        <translation>Крупный текст</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Spoken prompts</source>
        <translation>Голосовые подсказки</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You can also use the keyboard: Tab moves, Enter presses.</source>
        <translation>Можно пользоваться и клавиатурой: Tab — перейти, Enter — нажать.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
</context>
<context>
    <name>AttendantScreen</name>
    <message>
        <location filename="../screens/attendant.py" line="+224"/>
        <source>Nothing to do.</source>
        <translation>Задач нет.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The basket is empty.</source>
        <translation>Корзина пуста.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>No device reports yet.</source>
        <translation>Сведений об устройствах пока нет.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Open interventions</source>
        <translation>Требуют внимания</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Basket</source>
        <translation>Корзина</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total: {amount}</source>
        <translation>Итого: {amount}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Signed in: {name}</source>
        <translation>Вход выполнен: {name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transaction {id}</source>
        <translation>Транзакция {id}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel transaction</source>
        <translation>Отменить покупку</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Suspend transaction</source>
        <translation>Отложить покупку</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reprint receipt</source>
        <translation>Копия чека</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close lane</source>
        <translation>Закрыть кассу</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open lane</source>
        <translation>Открыть кассу</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Devices</source>
        <translation>Устройства</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign out</source>
        <translation>Выйти</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../screens/attract.py" line="+113"/>
        <source>Welcome</source>
        <translation>Добро пожаловать</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scan an item to start</source>
        <translation>Отсканируйте товар, чтобы начать</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hold the barcode under the red light.</source>
        <translation>Поднесите штрихкод к красному свету.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose your language</source>
        <translation>Выберите язык</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>I brought my own bag</source>
        <translation>У меня своя сумка</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Item without a barcode</source>
        <translation>Товар без штрихкода</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accessibility</source>
        <translation>Доступность</translation>
    </message>
</context>
<context>
    <name>BaggingScreen</name>
    <message>
        <location filename="../screens/bagging.py" line="+63"/>
        <source>Place the item in the bagging area</source>
        <translation>Положите товар в зону упаковки</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Then scan your next item.</source>
        <translation>Затем сканируйте следующий товар.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Skip bagging</source>
        <translation>Без упаковки</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total so far: {amount}</source>
        <translation>Сумма сейчас: {amount}</translation>
    </message>
</context>
<context>
    <name>Categories</name>
    <message>
        <location filename="../texts.py" line="+127"/>
        <source>Fruit &amp; vegetables</source>
        <translation>Фрукты и овощи</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bakery</source>
        <translation>Выпечка</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Flowers</source>
        <translation>Цветы</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Meat</source>
        <translation>Мясо</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fish</source>
        <translation>Рыба</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dairy</source>
        <translation>Молочные продукты</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Snacks</source>
        <translation>Снеки</translation>
    </message>
</context>
<context>
    <name>DeclinedBox</name>
    <message>
        <location filename="../screens/payment.py" line="+48"/>
        <source>The payment was declined</source>
        <translation>Оплата отклонена</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The payment was cancelled</source>
        <translation>Оплата отменена</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Please try again or use another card.</source>
        <translation>Попробуйте ещё раз или используйте другую карту.</translation>
    </message>
</context>
<context>
    <name>Devices</name>
    <message>
        <location filename="../texts.py" line="-21"/>
        <source>scanner</source>
        <translation>сканер</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bagging scale</source>
        <translation>весы зоны упаковки</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>scale at the scanner</source>
        <translation>весы у сканера</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>receipt printer</source>
        <translation>принтер чеков</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>card terminal</source>
        <translation>платёжный терминал</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>working</source>
        <translation>работает</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not connected</source>
        <translation>не подключено</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fault</source>
        <translation>неисправность</translation>
    </message>
</context>
<context>
    <name>InterventionRow</name>
    <message>
        <location filename="../screens/attendant.py" line="-219"/>
        <source>Approve</source>
        <translation>Одобрить</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reject</source>
        <translation>Отклонить</translation>
    </message>
</context>
<context>
    <name>Interventions</name>
    <message>
        <location filename="../texts.py" line="+17"/>
        <source>Age check ({age}+): {item}</source>
        <translation>Проверка возраста ({age}+): {item}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight does not match: {item}</source>
        <translation>Вес не совпадает: {item}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unexpected item in the bagging area</source>
        <translation>Посторонний предмет в зоне упаковки</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Item removed from the bagging area</source>
        <translation>Товар убран из зоны упаковки</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove from the basket: {item}</source>
        <translation>Удалить из корзины: {item}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The customer asked for help</source>
        <translation>Покупатель просит помощи</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device fault: {device}</source>
        <translation>Неисправность устройства: {device}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Payment problem</source>
        <translation>Проблема с оплатой</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Born on or before {date}</source>
        <translation>Дата рождения не позднее {date}</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <location filename="../controls.py" line="+395"/>
        <source>Add</source>
        <translation>Добавить</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the last digit</source>
        <translation>Удалить последнюю цифру</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PLU code</source>
        <translation>Код PLU</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../window.py" line="+186"/>
        <source>Self-checkout – {lane}</source>
        <translation>Касса самообслуживания – {lane}</translation>
    </message>
</context>
<context>
    <name>LanguageSheet</name>
    <message>
        <location filename="../overlays.py" line="-59"/>
        <source>Choose your language</source>
        <translation>Выберите язык</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
</context>
<context>
    <name>LetterPad</name>
    <message>
        <location filename="../screens/lookup.py" line="+231"/>
        <source>Space</source>
        <translation>Пробел</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hide keyboard</source>
        <translation>Скрыть клавиатуру</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the last letter</source>
        <translation>Удалить последнюю букву</translation>
    </message>
</context>
<context>
    <name>LineRow</name>
    <message>
        <location filename="../screens/scanning.py" line="+66"/>
        <source>Removal requested</source>
        <translation>Удаление запрошено</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>Убрать</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove {item}</source>
        <translation>Убрать {item}</translation>
    </message>
</context>
<context>
    <name>LookupScreen</name>
    <message>
        <location filename="../screens/lookup.py" line="+247"/>
        <source>Look up an item</source>
        <translation>Найти товар</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+10"/>
        <source>Search by name</source>
        <translation>Поиск по названию</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Back to my items</source>
        <translation>Назад к покупкам</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All</source>
        <translation>Все</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No items found. Try another word or the code.</source>
        <translation>Ничего не найдено. Попробуйте другое слово или код.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter the code</source>
        <translation>Введите код</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The number on the sticker (PLU)</source>
        <translation>Номер на наклейке (PLU)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>On the scale:</source>
        <translation>На весах:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The scale is not working: ask for help with loose items.</source>
        <translation>Весы не работают: с весовым товаром вам поможет сотрудник.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Weighing: keep it still.</source>
        <translation>Взвешиваем: не двигайте товар.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Put loose items on the scale at the scanner, then choose them.</source>
        <translation>Положите весовой товар на весы у сканера, затем выберите его.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Put loose items in the bagging area, then choose them.</source>
        <translation>Положите весовой товар в зону упаковки, затем выберите его.</translation>
    </message>
</context>
<context>
    <name>MessageScreen</name>
    <message>
        <location filename="../screens/message.py" line="+98"/>
        <source>An attendant has been called and is on the way.</source>
        <translation>Сотрудник уже вызван и идёт к вам.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>I no longer need help</source>
        <translation>Помощь больше не нужна</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continue scanning</source>
        <translation>Продолжить сканирование</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Age check needed</source>
        <translation>Нужна проверка возраста</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{item} may only be sold to people aged {age} or over.</source>
        <translation>{item}: продажа только лицам не моложе {age} лет.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Please have your ID ready. You can keep scanning meanwhile.</source>
        <translation>Приготовьте, пожалуйста, документ. А пока можно продолжать сканирование.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The weight of {item} is not what we expected.</source>
        <translation>Вес товара «{item}» не такой, как ожидалось.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The weight in the bagging area is not what we expected.</source>
        <translation>Вес в зоне упаковки не такой, как ожидалось.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please check the bagging area</source>
        <translation>Проверьте зону упаковки</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make sure only this item was added, then leave the bag still.</source>
        <translation>Убедитесь, что положен только этот товар, и не трогайте сумку.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unexpected item in the bagging area</source>
        <translation>Посторонний предмет в зоне упаковки</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Something was placed in the bagging area without a scan.</source>
        <translation>В зону упаковки положили что-то без сканирования.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please take it out. Scan it first if you want to buy it.</source>
        <translation>Уберите его. Если хотите купить — сначала отсканируйте.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An item was taken from the bagging area</source>
        <translation>Из зоны упаковки убрали товар</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The bagging area is lighter than it should be.</source>
        <translation>Вес в зоне упаковки меньше, чем должен быть.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please put the item back in the bagging area.</source>
        <translation>Верните товар в зону упаковки.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nothing has happened here for a while, so we asked someone to check.</source>
        <translation>Здесь давно ничего не происходит, поэтому мы попросили сотрудника подойти.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You asked for help.</source>
        <translation>Вы попросили помощи.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Help is on the way</source>
        <translation>Помощь уже идёт</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please stay at the checkout.</source>
        <translation>Пожалуйста, оставайтесь у кассы.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The {device} is not working.</source>
        <translation>Не работает {device}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A device of this checkout is not working.</source>
        <translation>Одно из устройств кассы не работает.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sorry, this checkout has a problem</source>
        <translation>Извините, на кассе неполадка</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please wait. Scanning is paused until it is fixed.</source>
        <translation>Подождите, пожалуйста. Сканирование приостановлено до устранения неполадки.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Please wait, we are checking with the bank</source>
        <translation>Подождите, мы уточняем в банке</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>We do not know yet whether your payment went through.</source>
        <translation>Мы пока не знаем, прошла ли оплата.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please do not pay again. This can take a minute.</source>
        <translation>Не платите повторно. Это может занять минуту.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This checkout is out of order</source>
        <translation>Касса не работает</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sorry for the inconvenience.</source>
        <translation>Приносим извинения за неудобства.</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>Please use another checkout.</source>
        <translation>Пожалуйста, воспользуйтесь другой кассой.</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>This checkout is closed</source>
        <translation>Касса закрыта</translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message>
        <location filename="../texts.py" line="-122"/>
        <source>That barcode did not scan correctly. Please scan it again.</source>
        <translation>Штрихкод считался неправильно. Отсканируйте его ещё раз.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>We could not read that barcode. Please scan it again or look the item up.</source>
        <translation>Не удалось прочитать штрихкод. Отсканируйте ещё раз или найдите товар в поиске.</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+28"/>
        <source>We could not find this item. Please put it aside; an attendant can help.</source>
        <translation>Этот товар не найден. Отложите его — сотрудник поможет.</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>There is no item with this code. Please check the number on the sticker.</source>
        <translation>Товара с таким кодом нет. Проверьте номер на наклейке.</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+2"/>
        <source>Please place this item on the scale first, then choose it again.</source>
        <translation>Сначала положите товар на весы, затем выберите его снова.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Please put this item on the scale at the scanner and keep it still, then try again.</source>
        <translation>Положите товар на весы у сканера и не двигайте его, затем попробуйте ещё раз.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The scale at the scanner is not working: items sold by weight cannot be weighed now. Please ask for help.</source>
        <translation>Весы у сканера не работают: товары на вес сейчас взвесить нельзя. Пожалуйста, позовите сотрудника.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Please wait for the attendant before you scan more items.</source>
        <translation>Дождитесь сотрудника, прежде чем сканировать дальше.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You can pay as soon as the attendant has checked your items.</source>
        <translation>Оплатить можно, как только сотрудник проверит покупки.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Please scan an item first.</source>
        <translation>Сначала отсканируйте товар.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please finish the card payment on the terminal first.</source>
        <translation>Сначала завершите оплату картой на терминале.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A payment has already been made, so this visit cannot be cancelled here. An attendant can help.</source>
        <translation>Оплата уже произведена, поэтому отменить покупку здесь нельзя. Сотрудник поможет.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>That is not possible right now.</source>
        <translation>Сейчас это невозможно.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This coupon is already in your basket.</source>
        <translation>Этот купон уже в вашей корзине.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>We do not know this coupon. Please keep it aside; an attendant can help.</source>
        <translation>Этот купон нам неизвестен. Отложите его — сотрудник поможет.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>That line of your basket cannot be changed. An attendant can help.</source>
        <translation>Эту строку корзины изменить нельзя. Сотрудник поможет.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A device of this checkout is not working. An attendant has been told.</source>
        <translation>Одно из устройств этой кассы не работает. Сотрудник уже предупреждён.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The card terminal is still checking an earlier payment. Please wait a moment and try again.</source>
        <translation>Платёжный терминал ещё проверяет предыдущую оплату. Подождите немного и попробуйте снова.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The card terminal could not take the payment. Please try again or ask for help.</source>
        <translation>Терминал не смог принять оплату. Попробуйте ещё раз или позовите сотрудника.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The printer is running out of paper. An attendant has been told.</source>
        <translation>В принтере заканчивается бумага. Сотрудник уже предупреждён.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The printer cannot print right now. Here is your receipt as a QR code.</source>
        <translation>Принтер сейчас не печатает. Вот ваш чек в виде QR-кода.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>That name and PIN do not match. Please try again.</source>
        <translation>Имя и PIN-код не совпадают. Попробуйте ещё раз.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Too many wrong PINs: this name is locked for a few minutes.</source>
        <translation>Слишком много неверных PIN-кодов: вход для этого имени заблокирован на несколько минут.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This staff badge is not known here.</source>
        <translation>Этот служебный пропуск здесь не известен.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Staff sign-in did not work. Please try again.</source>
        <translation>Вход сотрудника не удался. Попробуйте ещё раз.</translation>
    </message>
</context>
<context>
    <name>PaymentPendingScreen</name>
    <message>
        <location filename="../screens/payment.py" line="+98"/>
        <source>Follow the instructions on the card terminal</source>
        <translation>Следуйте указаниям на платёжном терминале</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Insert or tap your card</source>
        <translation>Вставьте или приложите карту</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Amount: {amount}</source>
        <translation>Сумма: {amount}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel payment</source>
        <translation>Отменить оплату</translation>
    </message>
</context>
<context>
    <name>PaymentScreen</name>
    <message>
        <location line="-51"/>
        <source>Amount to pay</source>
        <translation>К оплате</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Already paid: {amount}</source>
        <translation>Уже оплачено: {amount}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How would you like to pay?</source>
        <translation>Как вы хотите оплатить?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Card</source>
        <translation>Картой</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Debit or credit card, phone or watch</source>
        <translation>Дебетовая или кредитная карта, телефон или часы</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back to my items</source>
        <translation>Назад к покупкам</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Receipt as QR code</source>
        <translation>Чек в виде QR-кода</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>QR code receipt chosen</source>
        <translation>Выбран чек в виде QR-кода</translation>
    </message>
</context>
<context>
    <name>ProductTile</name>
    <message>
        <location filename="../screens/lookup.py" line="-405"/>
        <source>{price} each</source>
        <translation>{price} за шт.</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <location filename="../screens/receipt.py" line="+82"/>
        <source>Scan this code with your phone to keep your receipt.</source>
        <translation>Отсканируйте код телефоном, чтобы сохранить чек.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Payment accepted</source>
        <translation>Оплата принята</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+6"/>
        <source>Your receipt is on the screen.</source>
        <translation>Ваш чек — на экране.</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Printing your receipt…</source>
        <translation>Печатаем чек…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Thank you for shopping with us</source>
        <translation>Спасибо за покупку</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Please take your receipt.</source>
        <translation>Не забудьте чек.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your payment is complete.</source>
        <translation>Оплата завершена.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Don&apos;t forget your bags.</source>
        <translation>Не забудьте сумки.</translation>
    </message>
</context>
<context>
    <name>ScanningScreen</name>
    <message>
        <location filename="../screens/scanning.py" line="+275"/>
        <source>Your items</source>
        <translation>Ваши покупки</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scan your first item</source>
        <translation>Отсканируйте первый товар</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Just scanned</source>
        <translation>Последний товар</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>You save</source>
        <translation>Ваша экономия</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Items</source>
        <translation>Товаров</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Total</source>
        <translation>Итого</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Look up item</source>
        <translation>Найти товар</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pay</source>
        <translation>Оплатить</translation>
    </message>
</context>
<context>
    <name>StaffSheet</name>
    <message>
        <location filename="../overlays.py" line="+116"/>
        <source>Staff sign-in</source>
        <translation>Вход для персонала</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose your name and enter your PIN, or scan your staff badge.</source>
        <translation>Выберите своё имя и введите PIN-код или отсканируйте служебный пропуск.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>PIN</source>
        <translation>PIN-код</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>This lane has no staff list yet: scan your staff badge, or sign in at the attendant station.</source>
        <translation>На этой кассе ещё нет списка сотрудников: отсканируйте служебный пропуск или войдите на посту контролёра.</translation>
    </message>
</context>
<context>
    <name>StillThereOverlay</name>
    <message>
        <location line="-165"/>
        <source>Are you still there?</source>
        <translation>Вы ещё здесь?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Touch the button to continue. Otherwise your shopping will be cancelled soon.</source>
        <translation>Нажмите кнопку, чтобы продолжить. Иначе покупка скоро будет отменена.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>I&apos;m still here</source>
        <translation>Я здесь</translation>
    </message>
</context>
<context>
    <name>Terminal</name>
    <message>
        <location filename="../texts.py" line="+5"/>
        <location line="+1"/>
        <source>Insert or tap your card</source>
        <translation>Вставьте или приложите карту</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Enter your PIN on the terminal</source>
        <translation>Введите ПИН-код на терминале</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wrong PIN. Please enter it again</source>
        <translation>Неверный ПИН-код. Введите ещё раз</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please take your card</source>
        <translation>Заберите карту</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The card could not be read</source>
        <translation>Не удалось прочитать карту</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please wait</source>
        <translation>Подождите, пожалуйста</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waiting for your bank</source>
        <translation>Ждём ответа банка</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Payment approved</source>
        <translation>Оплата одобрена</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The payment was declined</source>
        <translation>Оплата отклонена</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your bank declined the payment</source>
        <translation>Банк отклонил оплату</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not enough funds on the card</source>
        <translation>Недостаточно средств на карте</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The card has expired</source>
        <translation>Срок действия карты истёк</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The card is blocked</source>
        <translation>Карта заблокирована</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This card is not accepted here</source>
        <translation>Эта карта здесь не принимается</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The payment was cancelled</source>
        <translation>Оплата отменена</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Card payment is not available at this checkout</source>
        <translation>На этой кассе оплата картой недоступна</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <location filename="../overlays.py" line="-99"/>
        <source>Attendant mode</source>
        <translation>Режим сотрудника</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language: {name}</source>
        <translation>Язык: {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Accessibility</source>
        <translation>Доступность</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Help</source>
        <translation>Помощь</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Staff</source>
        <translation>Персонал</translation>
    </message>
</context>
<context>
    <name>VoidRow</name>
    <message>
        <location filename="../screens/attendant.py" line="+20"/>
        <source>Void</source>
        <translation>Сторно</translation>
    </message>
</context>
</TS>
